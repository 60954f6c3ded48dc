package models

import (
	"time"

	"github.com/go-json-experiment/json/jsontext"
)

// User is the logged-in user as GET /api/v1/me and the login response's me
// describe it: the user document plus a few members the server adds (Email,
// AvatarURL, IsOAuthUser).
type User struct {
	// ID is the user id (_id).
	ID string `json:"_id"`
	// Username is the username.
	Username string `json:"username,omitzero"`
	// Name is the display name.
	Name string `json:"name,omitzero"`
	// Emails are the user's email addresses.
	Emails []Email `json:"emails,omitzero"`
	// Email is the first verified address, added by the server.
	Email string `json:"email,omitzero"`
	// Type is the account type, such as "user" or "bot".
	Type string `json:"type,omitzero"`
	// Active reports that the account is enabled.
	Active bool `json:"active"`
	// Roles are the user's global roles, such as "livechat-agent".
	Roles []string `json:"roles,omitzero"`
	// Status is the presence status the user shows.
	Status UserStatus `json:"status,omitzero"`
	// StatusConnection is the presence status of the user's connections.
	StatusConnection UserStatus `json:"statusConnection,omitzero"`
	// StatusText is the user's custom status message.
	StatusText string `json:"statusText,omitzero"`
	// StatusLivechat is the agent's omnichannel availability, "available" or
	// "not-available".
	StatusLivechat string `json:"statusLivechat,omitzero"`
	// UTCOffset is the user's offset from UTC in hours. Nil means the server
	// does not know it, which differs from an offset of 0.
	UTCOffset *float64 `json:"utcOffset,omitzero"`
	// Language is the user's language, such as "en".
	Language string `json:"language,omitzero"`
	// AvatarURL is the URL of the user's avatar, added by the server.
	AvatarURL string `json:"avatarUrl,omitzero"`
	// AvatarETag changes when the avatar changes.
	AvatarETag string `json:"avatarETag,omitzero"`
	// IsOAuthUser reports that the user logs in through an OAuth provider.
	IsOAuthUser bool `json:"isOAuthUser"`
	// RequirePasswordChange reports that the user must change the password.
	RequirePasswordChange bool `json:"requirePasswordChange,omitzero"`
	// CreatedAt is when the account was created.
	CreatedAt time.Time `json:"createdAt,omitzero"`
	// UpdatedAt is when the user document last changed (_updatedAt).
	UpdatedAt time.Time `json:"_updatedAt,omitzero"`
	// LastLogin is when the user last logged in.
	LastLogin time.Time `json:"lastLogin,omitzero"`
	// Settings are the user's preferences, unparsed.
	Settings jsontext.Value `json:"settings,omitzero"`
	// CustomFields are the user's custom fields.
	CustomFields map[string]any `json:"customFields,omitzero"`

	// Unknown keeps the members this type does not declare, and the raw
	// value of any misfit, so that they are written back when the user is
	// encoded.
	Unknown jsontext.Value `json:",embed"`

	misfits []Misfit
}

// Misfits returns the user's members whose values did not fit their Go
// fields (see [Misfit]), at any depth, or nil.
func (u *User) Misfits() []Misfit { return u.misfits }

func init() { registerDocument(func(u *User) *[]Misfit { return &u.misfits }) }

// Email is one of a user's email addresses (IUserEmail). A visitor's or a
// contact's address, which has no verified flag, is an [EmailAddress].
type Email struct {
	// Address is the email address.
	Address string `json:"address"`
	// Verified reports that the user confirmed the address.
	Verified bool `json:"verified"`

	// Unknown keeps the members this type does not declare.
	Unknown jsontext.Value `json:",embed"`
}

type (
	userJSON  User
	emailJSON Email
)

// MarshalJSON implements encoding/json.Marshaler.
func (e Email) MarshalJSON() ([]byte, error) { return marshalJSON((*emailJSON)(&e)) }

// MarshalJSONTo implements the v2 json.MarshalerTo.
func (e Email) MarshalJSONTo(enc *jsontext.Encoder) error { return marshalTo(enc, (*emailJSON)(&e)) }

// MarshalJSON implements encoding/json.Marshaler.
func (u User) MarshalJSON() ([]byte, error) { return marshalJSON((*userJSON)(&u)) }

// UnmarshalJSON implements encoding/json.Unmarshaler.
func (u *User) UnmarshalJSON(data []byte) error { return unmarshalJSON(data, u) }

// MarshalJSONTo implements the v2 json.MarshalerTo.
func (u User) MarshalJSONTo(enc *jsontext.Encoder) error { return marshalTo(enc, (*userJSON)(&u)) }

// UnmarshalJSONFrom implements the v2 json.UnmarshalerFrom.
func (u *User) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	return unmarshalFrom(dec, u, (*userJSON)(u), &u.misfits)
}
