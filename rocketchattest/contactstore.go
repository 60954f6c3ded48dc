package rocketchattest

import (
	"slices"
	"time"

	"github.com/rocketchat-go/rocketchat/models"
)

// AddContact stores an omnichannel contact (Rocket.Chat 7.0 and later),
// filling an empty ID and CreatedAt (now), and returns it as stored; a
// contact with the ID of a stored one replaces it. A contact is stored with
// unknown and channels written out, as the server writes them. Rooms name
// their contact with ContactID; [Server.GenerateHistory] makes contacts
// itself. A contact that cannot be encoded fails the test ([NewServer]) or
// panics ([Start]).
func (s *Server) AddContact(c models.Contact) models.Contact {
	if s.tb != nil {
		s.tb.Helper()
	}
	s.mu.Lock()
	if c.ID == "" {
		c.ID = s.newIDLocked()
	}
	if c.CreatedAt.IsZero() {
		c.CreatedAt = time.Now().UTC().Truncate(time.Millisecond)
	}
	err := s.putContactLocked(&c)
	s.mu.Unlock()
	if err != nil {
		s.fail("AddContact: %v", err)
	}
	return c
}

// Contact returns a copy of a stored contact.
func (s *Server) Contact(id string) (models.Contact, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.contacts.get(id)
	if d == nil {
		return models.Contact{}, false
	}
	var c models.Contact
	return c, d.decodeInto(&c) == nil
}

// putContactLocked stores a contact as the server's collection holds it:
// unknown written even when false (contacts.search matches unknown: false
// exactly) and channels even when empty. s.mu must be held.
func (s *Server) putContactLocked(c *models.Contact) error {
	d, err := encodeDoc(c)
	if err != nil {
		return err
	}
	if _, ok := d.doc["unknown"]; !ok {
		d.doc["unknown"] = c.IsUnknown
	}
	if d.doc["channels"] == nil {
		d.doc["channels"] = []any{}
	}
	if d, err = encodeDoc(d.doc); err != nil {
		return err
	}
	s.contacts.put(d)
	return nil
}

// contactOfVisitorLocked returns the contact with a channel of the visitor,
// or nil. s.mu must be held.
func (s *Server) contactOfVisitorLocked(visitorID string) *models.Contact {
	found := s.contacts.filter(func(d *storedDoc) bool {
		chans, _ := d.doc["channels"].([]any)
		return slices.ContainsFunc(chans, func(ch any) bool {
			m, _ := ch.(map[string]any)
			return lookup(m, "visitor.visitorId") == visitorID
		})
	})
	if len(found) == 0 {
		return nil
	}
	var c models.Contact
	if found[0].decodeInto(&c) != nil {
		return nil
	}
	return &c
}

// linkHistoryLocked makes a visitor's record and contact agree with new
// rooms of the visitor: the record's last chat, agent and activity; on 7.0
// and later, the rooms' ContactID and the contact (made from the visitor as
// the server's mapVisitorToContact does, when it has none yet), with one
// channel per source the rooms came by. s.mu must be held.
func (s *Server) linkHistoryLocked(v *models.Visitor, rooms []*models.Room) {
	s.recordHistoryLocked(v, rooms)
	if len(rooms) == 0 || s.version.before(contactsSince) {
		return
	}
	c := s.contactOfVisitorLocked(v.ID)
	if c == nil {
		c = s.contactFromVisitorLocked(v, rooms)
	}
	for _, r := range rooms {
		r.ContactID = c.ID
		addChannel(c, v.ID, r)
		if c.LastChat.Timestamp.Before(r.Timestamp) {
			c.LastChat = models.LastChat{ID: r.ID, Timestamp: r.Timestamp}
		}
	}
	_ = s.putContactLocked(c)
}

// contactFromVisitorLocked is mapVisitorToContact: the visitor's name (or
// username), addresses and numbers, the allowed custom fields of its
// livechatData, known when it has activity. s.mu must be held.
func (s *Server) contactFromVisitorLocked(v *models.Visitor, rooms []*models.Room) *models.Contact {
	c := &models.Contact{
		ID:        s.newIDLocked(),
		Name:      firstNonEmpty(v.Name, v.Username),
		IsUnknown: len(v.Activity) == 0,
		Channels:  []models.ContactChannel{},
		CreatedAt: rooms[len(rooms)-1].Timestamp,
	}
	for _, r := range rooms {
		if r.Timestamp.Before(c.CreatedAt) {
			c.CreatedAt = r.Timestamp
		}
	}
	for _, e := range v.Emails {
		c.Emails = append(c.Emails, models.EmailAddress{Address: e.Address})
	}
	for _, p := range v.Phones {
		c.Phones = append(c.Phones, models.Phone{Number: p.Number})
	}
	allowed := s.allowedCustomFieldsLocked()
	for k, val := range v.LivechatData {
		if str, ok := val.(string); ok && slices.ContainsFunc(allowed, func(f CustomField) bool { return f.ID == k }) {
			if c.CustomFields == nil {
				c.CustomFields = map[string]any{}
			}
			c.CustomFields[k] = str
		}
	}
	return c
}

// addChannel adds (or brings up to date) the channel of the room's source:
// named by the source's label, else its type.
func addChannel(c *models.Contact, visitorID string, r *models.Room) {
	src := models.Source{Type: r.Source.Type, ID: r.Source.ID}
	i := slices.IndexFunc(c.Channels, func(ch models.ContactChannel) bool {
		return ch.Visitor.VisitorID == visitorID && ch.Visitor.Source.Type == src.Type && ch.Visitor.Source.ID == src.ID
	})
	if i < 0 {
		c.Channels = append(c.Channels, models.ContactChannel{
			Name:    firstNonEmpty(r.Source.Label, string(r.Source.Type)),
			Visitor: models.ContactVisitor{VisitorID: visitorID, Source: src},
			Details: r.Source,
		})
		i = len(c.Channels) - 1
	}
	if ch := &c.Channels[i]; ch.LastChat.Timestamp.Before(r.Timestamp) {
		ch.LastChat = models.LastChat{ID: r.ID, Timestamp: r.Timestamp}
	}
}

// enabledContact is findOneEnabledById's filter: {enabled: {$ne: false}}.
func enabledContact(d *storedDoc) bool { return d.doc["enabled"] != false }
