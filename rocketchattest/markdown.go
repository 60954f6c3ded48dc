package rocketchattest

import (
	"strconv"
	"strings"

	"github.com/go-json-experiment/json/jsontext"
)

// The builders below write message-parser trees (the md field) as JSON, with
// the members in the order @rocket.chat/message-parser creates them, so a
// generated message carries the tree the server would store for its text.

func quote(s string) string {
	b, _ := jsontext.AppendQuote(nil, s)
	return string(b)
}

func node(typ, value string) string {
	return `{"type":"` + typ + `","value":` + value + `}`
}

func list(items []string) string { return "[" + strings.Join(items, ",") + "]" }

func mdPlain(s string) string             { return node("PLAIN_TEXT", quote(s)) }
func mdParagraph(inline ...string) string { return node("PARAGRAPH", list(inline)) }
func mdBold(inline ...string) string      { return node("BOLD", list(inline)) }
func mdItalic(inline ...string) string    { return node("ITALIC", list(inline)) }
func mdStrike(inline ...string) string    { return node("STRIKE", list(inline)) }
func mdInlineCode(s string) string        { return node("INLINE_CODE", mdPlain(s)) }
func mdMentionUser(u string) string       { return node("MENTION_USER", mdPlain(u)) }
func mdMentionChannel(c string) string    { return node("MENTION_CHANNEL", mdPlain(c)) }
func mdQuote(paragraphs ...string) string { return node("QUOTE", list(paragraphs)) }
func mdBigEmoji(emoji ...string) string   { return node("BIG_EMOJI", list(emoji)) }
func mdListItem(inline ...string) string  { return node("LIST_ITEM", list(inline)) }
func mdUnordered(items ...string) string  { return node("UNORDERED_LIST", list(items)) }
func mdDoc(blocks ...string) string       { return list(blocks) }

func mdLink(src string, label ...string) string {
	return node("LINK", `{"src":`+mdPlain(src)+`,"label":`+list(label)+`}`)
}

func mdEmoji(shortCode string) string {
	return `{"type":"EMOJI","value":` + mdPlain(shortCode) + `,"shortCode":` + quote(shortCode) + `}`
}

func mdUnicodeEmoji(u string) string { return `{"type":"EMOJI","unicode":` + quote(u) + `}` }

func mdCode(language string, lines ...string) string {
	nodes := make([]string, len(lines))
	for i, l := range lines {
		nodes[i] = node("CODE_LINE", mdPlain(l))
	}
	return `{"type":"CODE","language":` + quote(language) + `,"value":` + list(nodes) + `}`
}

func mdOrdered(items ...string) string {
	nodes := make([]string, len(items))
	for i, it := range items {
		nodes[i] = `{"type":"LIST_ITEM","value":[` + mdPlain(it) + `],"number":` + strconv.Itoa(i+1) + `}`
	}
	return node("ORDERED_LIST", list(nodes))
}

func mdTask(done bool, text string) string {
	return `{"type":"TASK","status":` + strconv.FormatBool(done) + `,"value":[` + mdPlain(text) + `]}`
}

func mdTasks(tasks ...string) string { return node("TASKS", list(tasks)) }

func mdHeading(level int, inline ...string) string {
	return `{"type":"HEADING","level":` + strconv.Itoa(level) + `,"value":` + list(inline) + `}`
}

// richText is a message text with its parsed tree and the references the
// server extracts from it.
type richText struct {
	text     string
	md       string
	mentions []string // user names
	channels []string // room names
	urls     []string
}

// visitorTexts and agentTexts are the message templates of generated
// conversations, given an order number and the agent's user name.
var visitorTexts = []func(order, agent string) richText{
	func(order, _ string) richText {
		return richText{text: "Hi, I need help with order **" + order + "**",
			md: mdDoc(mdParagraph(mdPlain("Hi, I need help with order "), mdBold(mdPlain(order))))}
	},
	func(_, agent string) richText {
		return richText{text: "Thanks @" + agent + " :smile:",
			md:       mdDoc(mdParagraph(mdPlain("Thanks "), mdMentionUser(agent), mdPlain(" "), mdEmoji("smile"))),
			mentions: []string{agent}}
	},
	func(_, _ string) richText {
		return richText{text: "Please run `status --verbose` and send me the output? I got this:\n```json\n{\"error\": \"timeout\"}\n```",
			md: mdDoc(mdParagraph(mdPlain("Please run "), mdInlineCode("status --verbose"), mdPlain(" and send me the output? I got this:")),
				mdCode("json", `{"error": "timeout"}`))}
	},
	func(_, _ string) richText {
		return richText{text: "> the app crashed\nStill happening on 2.3",
			md: mdDoc(mdQuote(mdParagraph(mdPlain("the app crashed"))), mdParagraph(mdPlain("Still happening on 2.3")))}
	},
	func(_, _ string) richText {
		return richText{text: ":thumbsup:", md: mdDoc(mdBigEmoji(mdEmoji("thumbsup")))}
	},
	func(_, _ string) richText {
		return richText{text: "😀", md: mdDoc(mdBigEmoji(mdUnicodeEmoji("😀")))}
	},
}

var agentTexts = []func(order, agent string) richText{
	func(order, _ string) richText {
		u := "https://example.com/track/" + order
		return richText{text: "You can track it here: " + u,
			md: mdDoc(mdParagraph(mdPlain("You can track it here: "), mdLink(u, mdPlain(u)))), urls: []string{u}}
	},
	func(_, _ string) richText {
		return richText{text: "_Sorry for the delay_, our ~old~ new portal is live",
			md: mdDoc(mdParagraph(mdItalic(mdPlain("Sorry for the delay")), mdPlain(", our "),
				mdStrike(mdPlain("old")), mdPlain(" new portal is live")))}
	},
	func(_, _ string) richText {
		return richText{text: "Steps:\n- clear the cache\n- log in again",
			md: mdDoc(mdParagraph(mdPlain("Steps:")),
				mdUnordered(mdListItem(mdPlain("clear the cache")), mdListItem(mdPlain("log in again"))))}
	},
	func(_, _ string) richText {
		u := "https://docs.example.com/refunds"
		return richText{text: "Read [our refund policy](" + u + ") first",
			md:   mdDoc(mdParagraph(mdPlain("Read "), mdLink(u, mdPlain("our refund policy")), mdPlain(" first"))),
			urls: []string{u}}
	},
	func(_, _ string) richText {
		return richText{text: "See #general for updates",
			md:       mdDoc(mdParagraph(mdPlain("See "), mdMentionChannel("general"), mdPlain(" for updates"))),
			channels: []string{"general"}}
	},
	func(_, _ string) richText {
		return richText{text: "1. open Settings\n2. choose Billing", md: mdDoc(mdOrdered("open Settings", "choose Billing"))}
	},
	func(_, _ string) richText {
		return richText{text: "- [x] refund issued\n- [ ] email sent",
			md: mdDoc(mdTasks(mdTask(true, "refund issued"), mdTask(false, "email sent")))}
	},
	func(order, _ string) richText {
		return richText{text: "## Summary\nRefund for **" + order + "** approved",
			md: mdDoc(mdHeading(2, mdPlain("Summary")),
				mdParagraph(mdPlain("Refund for "), mdBold(mdPlain(order)), mdPlain(" approved")))}
	},
}
