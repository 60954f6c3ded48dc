package main

import (
	"fmt"
	"strings"

	"github.com/rocketchat-go/rocketchat/omnichannel/webhook"
)

// printEvent prints one event: its type, room and what it is about; the
// whole transcript for a closed conversation.
func printEvent(ev webhook.Event) {
	fmt.Printf("%-26s", ev.EventType())
	s := webhook.SessionOf(ev)
	if s == nil {
		printOther(ev)
		return
	}
	fmt.Printf(" room %s  visitor %s", s.ID, visitor(s.Visitor))
	if s.Agent.ID != "" {
		fmt.Printf("  agent %s", s.Agent.Username)
	}
	var t ticket
	if s.CRMData.Decode(&t) == nil {
		fmt.Printf("  crmData %s", t.Number)
	}
	fmt.Println()
	switch ev := ev.(type) {
	case *webhook.SessionTaken:
		fmt.Printf("    taken by %s at %s\n", ev.ServedBy.Username, ev.ServedBy.Timestamp.Format("15:04:05"))
	case *webhook.SessionForwarded:
		fmt.Printf("    forwarded from %s to %s\n", orDash(ev.OldServedBy.Username), orDash(ev.ServedBy.Username))
	case *webhook.NewMessage:
		printMessage(ev.Message())
	case *webhook.SessionClosed:
		fmt.Printf("    closed by %s (%s) at %s; transcript of %d messages:\n", ev.ClosedBy.Username, ev.Closer,
			ev.ClosedAt.Format("15:04:05"), len(ev.Messages))
		for _, m := range ev.Messages {
			printMessage(m)
		}
	}
	if m := ev.Misfits(); len(m) > 0 {
		fmt.Printf("    %d members did not fit their Go fields, kept as sent\n", len(m))
	}
}

func printOther(ev webhook.Event) {
	switch ev := ev.(type) {
	case *webhook.OfflineMessage:
		fmt.Printf(" from %s <%s>: %s\n", ev.Visitor.Name, ev.Visitor.Email, ev.Message)
	case *webhook.Unknown:
		fmt.Printf(" (a type this version does not know, %d bytes)\n", len(ev.Raw))
	}
}

func printMessage(m webhook.Message) {
	who := m.Username
	if m.User.Name != "" {
		who = m.User.Name
	}
	text := m.Text
	if m.ClosingMessage {
		text = "[closing comment] " + text
	}
	fmt.Printf("    %s %-10s %s\n", m.Timestamp.Format("15:04:05"), who+":", text)
}

func visitor(v webhook.Visitor) string {
	name := v.Name
	if name == "" {
		name = v.Username
	}
	if emails := v.Email.Addresses(); len(emails) > 0 {
		name += " <" + strings.Join(emails, ", ") + ">"
	}
	return name
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
