package rocketchattest

import (
	"net/http"
	"slices"
	"time"

	"github.com/rocketchat-go/rocketchat/models"
)

// The bodies' schemas from @rocket.chat/rest-typings 8.8.1
// (isPOSTOmnichannelContactsProps, isPOSTUpdateOmnichannelContactsProps).
var (
	newContactBody = objectBody([]string{"name", "emails", "phones"},
		prop("name", strBody()),
		prop("emails", uniqueArrayBody(strBody())),
		prop("phones", uniqueArrayBody(strBody())),
		prop("customFields", (&bodySchema{typ: "object"}).orNull()),
		prop("contactManager", strBody().orNull()),
	)
	contactUpdateBody = objectBody([]string{"contactId"},
		prop("contactId", strBody()),
		prop("name", strBody()),
		prop("emails", uniqueArrayBody(strBody()).orNull()),
		prop("phones", uniqueArrayBody(strBody()).orNull()),
		prop("customFields", (&bodySchema{typ: "object"}).orNull()),
		prop("contactManager", strBody().orNull()),
		prop("wipeConflicts", boolBody().orNull()),
	)
)

// bodyStrings returns the strings of a validated array member, and whether
// the member was given (null counts as not given, as removeEmpty drops it).
func bodyStrings(b map[string]any, name string) ([]string, bool) {
	arr, ok := b[name].([]any)
	if !ok {
		return nil, false
	}
	out := make([]string, 0, len(arr))
	for _, e := range arr {
		s, _ := e.(string)
		out = append(out, s)
	}
	return out, true
}

// bodyString returns a validated string member, and whether it was given
// (not null).
func bodyString(b map[string]any, name string) (string, bool) {
	s, ok := b[name].(string)
	return s, ok
}

// isAgentLocked is validateContactManager's Users.findOneAgentById: a user
// with the livechat-agent role. s.mu must be held.
func (s *Server) isAgentLocked(id string) bool {
	u := s.users[id]
	return u != nil && slices.Contains(u.Roles, "livechat-agent")
}

// contactCreate serves createContact: the manager must be an agent, the
// custom fields allowed and valid; the contact is stored known, with no
// channel, as pre-registered.
func (s *Server) contactCreate(c *call) *response {
	b := c.bodyMap
	name, _ := bodyString(b, "name")
	emails, _ := bodyStrings(b, "emails")
	phones, _ := bodyStrings(b, "phones")
	manager, _ := bodyString(b, "contactManager")
	fields, _ := b["customFields"].(map[string]any)
	s.mu.Lock()
	defer s.mu.Unlock()
	if manager != "" && !s.isAgentLocked(manager) {
		return failure("error-contact-manager-not-found", "", nil)
	}
	valid, msg := validateCustomFields(s.allowedCustomFieldsLocked(), fields, false)
	if msg != "" {
		return failure(msg, "", nil)
	}
	ct := &models.Contact{ID: s.newIDLocked(), Name: name, ContactManager: models.ContactManager{ID: manager},
		Channels: []models.ContactChannel{}, CustomFields: valid, CreatedAt: c.now.UTC().Truncate(time.Millisecond),
		PreRegistration: true}
	for _, e := range emails {
		ct.Emails = append(ct.Emails, models.EmailAddress{Address: e})
	}
	for _, p := range phones {
		ct.Phones = append(ct.Phones, models.Phone{Number: p})
	}
	if err := s.putContactLocked(ct); err != nil {
		return statusBody(http.StatusInternalServerError)
	}
	return jsonResponse(http.StatusOK, struct {
		ContactID string `json:"contactId"`
		Success   bool   `json:"success"`
	}{ct.ID, true})
}

// contactUpdate serves updateContact after removeEmpty dropped the null
// members: an enabled contact, the manager an agent, the custom fields
// valid (the values of fields no longer defined kept); only the members
// given change. From 8.0 a contactManager of "" removes the manager. A new
// name renames the contact's rooms and its visitors' inquiries; an empty one is
// saved, then answered error-invalid-operation.
func (s *Server) contactUpdate(c *call) *response {
	b := c.bodyMap
	id, _ := bodyString(b, "contactId")
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.contacts.get(id)
	var ct models.Contact
	if d == nil || !enabledContact(d) || d.decodeInto(&ct) != nil {
		return failure("error-contact-not-found", "", nil)
	}
	manager, managerGiven := bodyString(b, "contactManager")
	if manager != "" && !s.isAgentLocked(manager) {
		return failure("error-contact-manager-not-found", "", nil)
	}
	if fields, ok := b["customFields"].(map[string]any); ok {
		valid, msg := s.updatedCustomFieldsLocked(&ct, fields)
		if msg != "" {
			return failure(msg, "", nil)
		}
		ct.CustomFields = valid
	}
	oldName := ct.Name
	applyContactUpdate(&ct, b)
	switch {
	case manager != "":
		ct.ContactManager = models.ContactManager{ID: manager}
	case managerGiven && s.version.major >= 8:
		ct.ContactManager = models.ContactManager{}
	}
	if err := s.putContactLocked(&ct); err != nil {
		return statusBody(http.StatusInternalServerError)
	}
	if ct.Name != oldName {
		if ct.Name == "" {
			// updateContactDataByContactId has nothing to set and throws,
			// after the contact was saved.
			return failure("error-invalid-operation", "", nil)
		}
		s.renameContactLocked(&ct)
	}
	return contactAnswer(s.contacts.get(ct.ID).raw)
}

// applyContactUpdate sets the name, addresses, numbers and conflicts the
// body gives.
func applyContactUpdate(ct *models.Contact, b map[string]any) {
	if name, ok := bodyString(b, "name"); ok {
		ct.Name = name
	}
	if emails, ok := bodyStrings(b, "emails"); ok {
		ct.Emails = []models.EmailAddress{}
		for _, e := range emails {
			ct.Emails = append(ct.Emails, models.EmailAddress{Address: e})
		}
	}
	if phones, ok := bodyStrings(b, "phones"); ok {
		ct.Phones = []models.Phone{}
		for _, p := range phones {
			ct.Phones = append(ct.Phones, models.Phone{Number: p})
		}
	}
	if wipe, _ := b["wipeConflicts"].(bool); wipe {
		ct.ConflictingFields = nil
	}
}

// updatedCustomFieldsLocked validates new custom field values as
// updateContact does: against the allowed fields, and, when the contact
// holds fields no longer defined, those too, keeping their old values.
// s.mu must be held.
func (s *Server) updatedCustomFieldsLocked(ct *models.Contact, fields map[string]any) (map[string]any, string) {
	allowed := s.allowedCustomFieldsLocked()
	var stale []CustomField
	for k := range ct.CustomFields {
		if !slices.ContainsFunc(allowed, func(f CustomField) bool { return f.ID == k }) {
			stale = append(stale, CustomField{ID: k})
		}
	}
	valid, msg := validateCustomFields(allowed, fields, len(stale) > 0)
	if msg != "" || len(stale) == 0 {
		return valid, msg
	}
	if _, msg := validateCustomFields(append(allowed, stale...), fields, false); msg != "" {
		return nil, msg
	}
	for _, f := range stale {
		valid[f.ID] = ct.CustomFields[f.ID]
	}
	return valid, ""
}

// renameContactLocked spreads a contact's new name as updateContact does:
// its rooms (updateContactDataByContactId) and the inquiries of the
// visitors of its channels take it. s.mu must be held.
func (s *Server) renameContactLocked(ct *models.Contact) {
	var rids []string
	for id, st := range s.rooms.byID {
		if st.doc["t"] == "l" && st.doc["contactId"] == ct.ID {
			rids = append(rids, id)
		}
	}
	for _, id := range rids {
		if r := s.loadRoomLocked(id); r != nil {
			r.FName = ct.Name
			s.saveRoomLocked(r) // keeps a generated room's messages to make
		}
	}
	for _, inq := range s.omni.inquiries {
		if slices.ContainsFunc(ct.Channels, func(ch models.ContactChannel) bool { return ch.Visitor.VisitorID == inq.Visitor.ID }) {
			inq.Name = ct.Name
		}
	}
}
