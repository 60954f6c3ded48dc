package rocketchattest

import (
	"fmt"
	"reflect"
	"strings"
	"time"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/rocketchat-go/rocketchat/models"
)

// object is a JSON object whose members keep their order, as a JavaScript
// object's do. It is how the webhook payloads are built: member by member,
// in the order the server's code writes them.
type object []member

type member struct {
	name  string
	value any
}

// add appends a member the server always writes.
func (o object) add(name string, value any) object { return append(o, member{name, value}) }

// opt appends a member unless its value is what the server leaves
// undefined, which JSON.stringify leaves out: an empty string, a zero date,
// a nil slice, map or pointer.
func (o object) opt(name string, value any) object {
	if undefined(value) {
		return o
	}
	return o.add(name, value)
}

func undefined(v any) bool {
	switch v := v.(type) {
	case nil:
		return true
	case string:
		return v == ""
	case time.Time:
		return v.IsZero()
	case jsontext.Value:
		return len(v) == 0
	case object:
		return v == nil
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Slice, reflect.Map, reflect.Pointer:
		return rv.IsNil()
	}
	return false
}

// MarshalJSONTo implements the v2 json.MarshalerTo.
func (o object) MarshalJSONTo(enc *jsontext.Encoder) error {
	if err := enc.WriteToken(jsontext.BeginObject); err != nil {
		return err
	}
	for _, m := range o {
		if err := enc.WriteToken(jsontext.String(m.name)); err != nil {
			return err
		}
		if err := jsonv2.MarshalEncode(enc, m.value); err != nil {
			return err
		}
	}
	return enc.WriteToken(jsontext.EndObject)
}

// visitorObject is the visitor member.
func visitorObject(v *WebhookVisitor) object {
	p := object{}.add("_id", v.ID).opt("token", v.Token).opt("name", v.Name).opt("username", v.Username).
		opt("department", v.Department).opt("ip", v.IP).opt("os", v.OS).opt("browser", v.Browser).
		opt("customFields", v.CustomFields)
	if len(v.Emails) > 0 {
		emails := make([]object, len(v.Emails))
		for i, e := range v.Emails {
			emails[i] = object{}.add("address", e)
		}
		p = p.add("email", emails)
	}
	if len(v.Phones) > 0 {
		phones := make([]object, len(v.Phones))
		for i, n := range v.Phones {
			phones[i] = object{}.add("phoneNumber", n)
		}
		p = p.add("phone", phones)
	}
	return p
}

// visitorFromRoom is the visitor record as far as the room's v tells it.
func visitorFromRoom(v models.RoomVisitor) *WebhookVisitor {
	out := &WebhookVisitor{ID: v.ID, Token: string(v.Token), Name: v.Name, Username: v.Username}
	if v.Phone != "" {
		out.Phones = []string{v.Phone}
	}
	return out
}

// agentObject is the agent member: the agent's first email address, and
// the custom fields when the agent has any.
func agentObject(u *models.User) object {
	p := object{}.add("_id", u.ID).add("username", u.Username).opt("name", u.Name)
	if u.CustomFields != nil {
		p = p.add("customFields", u.CustomFields)
	}
	switch {
	case len(u.Emails) > 0:
		p = p.add("email", u.Emails[0].Address)
	case u.Email != "":
		p = p.add("email", u.Email)
	}
	return p
}

func servedBy(s models.ServedBy) object {
	if s.ID == "" {
		return nil
	}
	return object{}.add("_id", s.ID).add("username", s.Username).opt("ts", s.Timestamp)
}

func userRef(u models.UserRef) object {
	if u.ID == "" {
		return nil
	}
	return object{}.add("_id", u.ID).opt("username", u.Username).opt("name", u.Name)
}

// messageItem is one item of messages, or false for a message the server
// leaves out: a system message other than the closing one (and the
// navigation history, when sent).
func messageItem(m *models.Message, visitorUsername string, src *WebhookSource) (object, bool) {
	switch m.Type {
	case "":
	case "livechat-close":
	case "livechat_navigation_history":
		if !src.NavigationHistory {
			return nil, false
		}
	default:
		return nil, false
	}
	text := m.Text
	if text == "" && len(m.Blocks) > 0 { // message.msg || JSON.stringify(message.blocks)
		b := m.Blocks.Clone()
		if b.Compact() == nil {
			text = string(b)
		}
	}
	p := object{}.add("u", userRef(m.User)).add("_id", m.ID).add("username", m.User.Username).opt("msg", text)
	if len(m.Blocks) > 0 && string(m.Blocks) != "[]" {
		p = p.add("blocks", m.Blocks)
	}
	p = p.add("ts", m.Timestamp).add("rid", m.RoomID).opt("editedAt", m.EditedAt)
	if m.User.Username != visitorUsername {
		p = p.add("agentId", m.User.ID)
	}
	if m.Type == "livechat_navigation_history" {
		p = p.opt("navigation", m.Navigation)
	}
	if m.Type == "livechat-close" {
		p = p.add("closingMessage", true)
	}
	if m.File != nil {
		p = p.add("file", m.File).opt("attachments", m.Attachments).add("fileUpload", fileUpload(m.File, src.SiteURL))
	}
	return p.add("_updatedAt", m.UpdatedAt), true
}

// fileUpload is what normalizeMessageFileUpload adds for a file message:
// the file's absolute URL, without the token of file URL protection.
func fileUpload(f *models.File, siteURL string) object {
	if siteURL == "" {
		siteURL = "http://localhost:3000"
	}
	path := "file-upload/" + f.ID + "/" + encodeURI(f.Name)
	return object{}.add("publicFilePath", strings.TrimSuffix(siteURL, "/")+"/"+path).opt("type", f.Type).add("size", f.Size)
}

// encodeURI escapes a file name as JavaScript's encodeURI does, near
// enough for file names: it keeps the characters encodeURI keeps.
func encodeURI(s string) string {
	const keep = ";,/?:@&=+$-_.!~*'()#"
	var b strings.Builder
	for _, c := range []byte(s) {
		if c < 0x80 && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte(keep, c) >= 0) {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}
