package rocketchattest

import (
	"slices"
	"testing"
)

// The numbers lead capture finds are those node's
// text.match(new RegExp(Livechat_lead_phone_regex, 'g')) finds: where the
// look-ahead fails at a start, the match is tried again from the next
// character, and a number ends where the one before it left off. The
// expected values are node 22's.
func TestLeadPhonesMatchNode(t *testing.T) {
	for text, want := range map[string][]string{
		"call 123456789012 now":           {"23456789012"},
		"12345678(11) 1234 5678":          {"12345678", "(11) 1234 5678"},
		"(11) 98765-4321 or 12 3456 7890": {"(11) 98765-4321", "12 3456 7890"},
		"1234 5678":                       {"1234 5678"},
		"123":                             nil,
		"5555\u00a01234.":                 {"5555\u00a01234"}, // JavaScript's \s has no-break spaces
		"12-34567_8901":                   {"12-34567_8901"},
		"1234567890123456":                {"67890123456"},
		"(123)    1234 5678":              {"(123)    1234 5678"},
	} {
		if got := leadPhones(text); !slices.Equal(got, want) {
			t.Errorf("%q: %q, want %q", text, got, want)
		}
	}
}

// A visitor's message with a number the look-ahead first refuses still
// adds it to the visitor's record.
func TestLeadCaptureRetriesAfterTheLookAhead(t *testing.T) {
	s := NewServer(t, WithoutListener(), WithSetting("Livechat_accept_chats_with_no_agents", true))
	if _, err := s.OpenChat(Guest{Token: "tok"}, "call 123456789012 now"); err != nil {
		t.Fatal(err)
	}
	v, _ := s.VisitorByToken("tok")
	if len(v.Phones) != 1 || v.Phones[0].Number != "23456789012" {
		t.Errorf("phones %+v, want the 23456789012 node finds", v.Phones)
	}
}
