package models

import (
	"time"

	"github.com/go-json-experiment/json/jsontext"
)

// AgentStatus is an agent's omnichannel availability (statusLivechat):
// whether the routing may give them conversations.
type AgentStatus string

// The values of AgentStatus.
const (
	AgentAvailable    AgentStatus = "available"
	AgentNotAvailable AgentStatus = "not-available"
)

// Agent is a livechat agent or manager as the omnichannel routes list them
// (livechat/users/agent, livechat/users/manager): a user with an
// omnichannel availability and the departments they belong to.
type Agent struct {
	// ID is the user id (_id).
	ID string `json:"_id"`
	// Username is the username.
	Username string `json:"username,omitzero"`
	// Name is the display name.
	Name string `json:"name,omitzero"`
	// Status is the user's presence.
	Status UserStatus `json:"status,omitzero"`
	// StatusLivechat is the agent's omnichannel availability.
	StatusLivechat AgentStatus `json:"statusLivechat,omitzero"`
	// Emails are the user's e-mail addresses.
	Emails []Email `json:"emails,omitzero"`
	// Livechat holds the agent's omnichannel settings.
	Livechat *AgentLivechat `json:"livechat,omitzero"`
	// Departments are the ids of the departments the agent belongs to.
	Departments []string `json:"departments,omitzero"`
	// UpdatedAt is when the user last changed (_updatedAt).
	UpdatedAt time.Time `json:"_updatedAt,omitzero"`

	// Unknown keeps the members this type does not declare, and the raw
	// value of any misfit.
	Unknown jsontext.Value `json:",embed"`

	misfits []Misfit
}

// Misfits returns the agent's members whose values did not fit their Go
// fields (see [Misfit]), at any depth, or nil.
func (a *Agent) Misfits() []Misfit { return a.misfits }

func init() { registerDocument(func(a *Agent) *[]Misfit { return &a.misfits }) }

// AgentLivechat holds an agent's omnichannel settings.
type AgentLivechat struct {
	// MaxNumberSimultaneousChat caps the agent's open conversations
	// (Enterprise). Whole numbers written as 2.0 are accepted.
	MaxNumberSimultaneousChat int `json:"maxNumberSimultaneousChat,omitzero"`

	// Unknown keeps the members this type does not declare.
	Unknown jsontext.Value `json:",embed"`
}

type (
	agentJSON         Agent
	agentLivechatJSON AgentLivechat
)

// MarshalJSON implements encoding/json.Marshaler.
func (a Agent) MarshalJSON() ([]byte, error) { return marshalJSON((*agentJSON)(&a)) }

// UnmarshalJSON implements encoding/json.Unmarshaler.
func (a *Agent) UnmarshalJSON(data []byte) error { return unmarshalJSON(data, a) }

// MarshalJSONTo implements the v2 json.MarshalerTo.
func (a Agent) MarshalJSONTo(enc *jsontext.Encoder) error { return marshalTo(enc, (*agentJSON)(&a)) }

// UnmarshalJSONFrom implements the v2 json.UnmarshalerFrom.
func (a *Agent) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	return unmarshalFrom(dec, a, (*agentJSON)(a), &a.misfits)
}

// MarshalJSON implements encoding/json.Marshaler.
func (l AgentLivechat) MarshalJSON() ([]byte, error) { return marshalJSON((*agentLivechatJSON)(&l)) }

// MarshalJSONTo implements the v2 json.MarshalerTo.
func (l AgentLivechat) MarshalJSONTo(enc *jsontext.Encoder) error {
	return marshalTo(enc, (*agentLivechatJSON)(&l))
}
