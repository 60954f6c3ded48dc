package rocketchattest

import (
	"net/http"
	"slices"
	"time"
)

// RouteMe is the route of the caller's own user document.
const RouteMe = "GET /api/v1/me"

var meRoutes = []*route{
	newRoute(RouteMe, (*Server).me, authRequired()),
}

func (s *Server) me(c *call) *response {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.users[c.user.ID]
	if u == nil {
		return notLoggedIn()
	}
	return jsonResponse(http.StatusOK, s.meDocLocked(u, true))
}

type emailDoc struct {
	Address  string `json:"address"`
	Verified bool   `json:"verified"`
}

// meSettings is getUserInfo's settings: profile, the preferences (the
// Accounts_Default_User_Preferences_* defaults merged with the user's own)
// and the calendar settings (empty unless Outlook is configured).
type meSettings struct {
	Profile     struct{}       `json:"profile"`
	Preferences map[string]any `json:"preferences"`
	Calendar    struct{}       `json:"calendar"`
}

type enabledDoc struct {
	Enabled bool `json:"enabled"`
}

type existsDoc struct {
	Exists bool `json:"exists"`
}

// meServices is the part of services getUserInfo shows.
type meServices struct {
	Email2FA *enabledDoc `json:"email2fa,omitempty"`
	TOTP     *enabledDoc `json:"totp,omitempty"`
	Password existsDoc   `json:"password"`
}

// meDoc is the user document of GET /api/v1/me and of a login's data.me: the
// user's base fields (getBaseUserFields) as getUserInfo reshapes them, with
// email, avatarUrl and isOAuthUser added.
type meDoc struct {
	ID               string     `json:"_id"`
	CreatedAt        time.Time  `json:"createdAt"`
	Services         meServices `json:"services"`
	Username         string     `json:"username"`
	Emails           []emailDoc `json:"emails,omitempty"`
	Status           string     `json:"status"`
	Active           bool       `json:"active"`
	UpdatedAt        time.Time  `json:"_updatedAt"`
	Roles            []string   `json:"roles"`
	Name             string     `json:"name"`
	StatusConnection string     `json:"statusConnection"`
	UTCOffset        int        `json:"utcOffset"`
	StatusLivechat   string     `json:"statusLivechat,omitempty"`
	Settings         meSettings `json:"settings"`
	Email            string     `json:"email,omitempty"`
	AvatarURL        string     `json:"avatarUrl"`
	IsOAuthUser      bool       `json:"isOAuthUser"`
	Success          bool       `json:"success,omitzero"`
}

// meDocLocked builds the user's document; withSuccess adds the success key
// /me has. s.mu must be held.
func (s *Server) meDocLocked(u *userEntry, withSuccess bool) meDoc {
	d := meDoc{
		ID:               u.ID,
		CreatedAt:        u.createdAt,
		Services:         meServices{Password: existsDoc{Exists: u.Password != ""}},
		Username:         u.Username,
		Status:           "online",
		Active:           true,
		UpdatedAt:        u.createdAt,
		Roles:            slices.Clone(u.Roles),
		Name:             u.Name,
		StatusConnection: "online",
		Settings:         meSettings{Preferences: defaultPreferences()},
		AvatarURL:        s.URL() + "/avatar/" + u.Username,
		Success:          withSuccess,
	}
	switch u.TwoFactor {
	case TwoFactorEmail:
		d.Services.Email2FA = &enabledDoc{Enabled: true}
	case TwoFactorTOTP:
		d.Services.TOTP = &enabledDoc{Enabled: true}
	}
	if u.Email != "" {
		d.Emails = []emailDoc{{Address: u.Email, Verified: true}}
		d.Email = u.Email
	}
	if u.StatusLivechat != "" {
		d.StatusLivechat = string(u.StatusLivechat)
	}
	if u.Status != "" {
		d.Status, d.StatusConnection = string(u.Status), string(u.Status)
	}
	return d
}

// defaultPreferences are the defaults of the Accounts_Default_User_Preferences_*
// settings, which getUserInfo returns for a user who changed none.
func defaultPreferences() map[string]any {
	return map[string]any{
		"enableAutoAway":                        true,
		"idleTimeLimit":                         300.0,
		"desktopNotificationRequireInteraction": false,
		"desktopNotifications":                  "all",
		"pushNotifications":                     "all",
		"unreadAlert":                           true,
		"useEmojis":                             true,
		"convertAsciiEmoji":                     true,
		"autoImageLoad":                         true,
		"saveMobileBandwidth":                   true,
		"collapseMediaByDefault":                false,
		"hideUsernames":                         false,
		"hideRoles":                             false,
		"hideFlexTab":                           false,
		"displayAvatars":                        true,
		"sidebarGroupByType":                    true,
		"themeAppearence":                       "auto",
		"sidebarViewMode":                       "medium",
		"sidebarDisplayAvatar":                  true,
		"sidebarShowUnread":                     false,
		"sidebarSortby":                         "activity",
		"sidebarShowFavorites":                  true,
		"sendOnEnter":                           "normal",
		"messageViewMode":                       0.0,
		"emailNotificationMode":                 "mentions",
		"newRoomNotification":                   "door",
		"newMessageNotification":                "chime",
		"muteFocusedConversations":              true,
		"notificationsSoundVolume":              100.0,
		"omnichannelTranscriptEmail":            false,
		"omnichannelTranscriptPDF":              false,
	}
}
