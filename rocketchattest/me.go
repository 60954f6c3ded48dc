package rocketchattest

import "slices"

type emailDoc struct {
	Address  string `json:"address"`
	Verified bool   `json:"verified"`
}

type preferencesDoc struct {
	Preferences struct{} `json:"preferences"`
}

// meDoc is the user document of GET /api/v1/me and of a login's data.me, as
// the server's getUserInfo builds it.
type meDoc struct {
	ID               string         `json:"_id"`
	Type             string         `json:"type"`
	Active           bool           `json:"active"`
	Name             string         `json:"name"`
	Username         string         `json:"username"`
	Emails           []emailDoc     `json:"emails,omitempty"`
	Status           string         `json:"status"`
	StatusConnection string         `json:"statusConnection"`
	UTCOffset        int            `json:"utcOffset"`
	Roles            []string       `json:"roles"`
	StatusLivechat   string         `json:"statusLivechat,omitempty"`
	Settings         preferencesDoc `json:"settings"`
	Email            string         `json:"email,omitempty"`
	AvatarURL        string         `json:"avatarUrl"`
	Success          bool           `json:"success,omitzero"`
}

// meDoc builds the user's document; withSuccess adds the success key /me has.
func (s *Server) meDoc(u *userEntry, withSuccess bool) meDoc {
	d := meDoc{
		ID:               u.ID,
		Type:             "user",
		Active:           true,
		Name:             u.Name,
		Username:         u.Username,
		Status:           "online",
		StatusConnection: "online",
		Roles:            slices.Clone(u.Roles),
		AvatarURL:        s.URL() + "/avatar/" + u.Username,
		Success:          withSuccess,
	}
	if u.Email != "" {
		d.Emails = []emailDoc{{Address: u.Email, Verified: true}}
		d.Email = u.Email
	}
	if slices.Contains(u.Roles, "livechat-agent") {
		d.StatusLivechat = "available"
	}
	return d
}
