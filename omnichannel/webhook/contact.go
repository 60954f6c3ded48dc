package webhook

import (
	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// Emails are a visitor's email addresses. Real events send them as
// [{"address": ...}]; the settings' test button sends one plain string,
// which decodes as a list of one and encodes back as a plain string.
type Emails []Email

// Email is one of a visitor's email addresses.
type Email struct {
	// Address is the email address.
	Address string `json:"address"`

	// Unknown keeps the members this type does not declare.
	Unknown jsontext.Value `json:",embed"`

	plain bool // sent as a plain string
}

// Phones are a visitor's phone numbers. Real events send them as
// [{"phoneNumber": ...}]; the settings' test button sends one plain string,
// which decodes as a list of one and encodes back as a plain string.
type Phones []Phone

// Phone is one of a visitor's phone numbers.
type Phone struct {
	// Number is the phone number (phoneNumber), as the visitor or the lead
	// capture wrote it.
	Number string `json:"phoneNumber"`

	// Unknown keeps the members this type does not declare.
	Unknown jsontext.Value `json:",embed"`

	plain bool // sent as a plain string
}

// Addresses returns the addresses, in order.
func (l Emails) Addresses() []string {
	out := make([]string, 0, len(l))
	for _, e := range l {
		out = append(out, e.Address)
	}
	return out
}

// Numbers returns the phone numbers, in order.
func (l Phones) Numbers() []string {
	out := make([]string, 0, len(l))
	for _, p := range l {
		out = append(out, p.Number)
	}
	return out
}

type (
	emailJSON Email
	phoneJSON Phone
)

// MarshalJSONTo implements the v2 json.MarshalerTo.
func (l Emails) MarshalJSONTo(enc *jsontext.Encoder) error {
	if len(l) == 1 && l[0].plain && len(l[0].Unknown) == 0 {
		return enc.WriteToken(jsontext.String(l[0].Address))
	}
	return encodeList(enc, l, func(e *Email) any { return (*emailJSON)(e) })
}

// UnmarshalJSONFrom implements the v2 json.UnmarshalerFrom: it reads a list
// of {"address": ...} objects or a plain string.
func (l *Emails) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	return decodeList(dec, (*[]Email)(l), func(s string) Email { return Email{Address: s, plain: true} })
}

// MarshalJSON implements encoding/json.Marshaler.
func (l Emails) MarshalJSON() ([]byte, error) { return jsonv2.Marshal(l) }

// UnmarshalJSON implements encoding/json.Unmarshaler.
func (l *Emails) UnmarshalJSON(data []byte) error { return jsonv2.Unmarshal(data, l) }

// MarshalJSONTo implements the v2 json.MarshalerTo.
func (l Phones) MarshalJSONTo(enc *jsontext.Encoder) error {
	if len(l) == 1 && l[0].plain && len(l[0].Unknown) == 0 {
		return enc.WriteToken(jsontext.String(l[0].Number))
	}
	return encodeList(enc, l, func(p *Phone) any { return (*phoneJSON)(p) })
}

// UnmarshalJSONFrom implements the v2 json.UnmarshalerFrom: it reads a list
// of {"phoneNumber": ...} objects or a plain string.
func (l *Phones) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	return decodeList(dec, (*[]Phone)(l), func(s string) Phone { return Phone{Number: s, plain: true} })
}

// MarshalJSON implements encoding/json.Marshaler.
func (l Phones) MarshalJSON() ([]byte, error) { return jsonv2.Marshal(l) }

// UnmarshalJSON implements encoding/json.Unmarshaler.
func (l *Phones) UnmarshalJSON(data []byte) error { return jsonv2.Unmarshal(data, l) }

// MarshalJSON implements encoding/json.Marshaler.
func (e Email) MarshalJSON() ([]byte, error) { return marshalJSON((*emailJSON)(&e)) }

// MarshalJSONTo implements the v2 json.MarshalerTo.
func (e Email) MarshalJSONTo(enc *jsontext.Encoder) error { return marshalTo(enc, (*emailJSON)(&e)) }

// MarshalJSON implements encoding/json.Marshaler.
func (p Phone) MarshalJSON() ([]byte, error) { return marshalJSON((*phoneJSON)(&p)) }

// MarshalJSONTo implements the v2 json.MarshalerTo.
func (p Phone) MarshalJSONTo(enc *jsontext.Encoder) error { return marshalTo(enc, (*phoneJSON)(&p)) }

// decodeList reads a JSON array of objects into list, or a plain string as a
// list of one made by fromString; null leaves the list nil.
func decodeList[T any](dec *jsontext.Decoder, list *[]T, fromString func(string) T) error {
	switch dec.PeekKind() {
	case '"':
		tok, err := dec.ReadToken()
		if err != nil {
			return err
		}
		*list = []T{fromString(tok.String())}
		return nil
	case 'n':
		_, err := dec.ReadToken()
		*list = nil
		return err
	}
	*list = nil
	return jsonv2.UnmarshalDecode(dec, list)
}

// encodeList writes list as a JSON array, each element through the alias
// that alias returns.
func encodeList[T any](enc *jsontext.Encoder, list []T, alias func(*T) any) error {
	if err := enc.WriteToken(jsontext.BeginArray); err != nil {
		return err
	}
	for i := range list {
		if err := marshalTo(enc, alias(&list[i])); err != nil {
			return err
		}
	}
	return enc.WriteToken(jsontext.EndArray)
}
