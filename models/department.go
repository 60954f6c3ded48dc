package models

import (
	"time"

	"github.com/go-json-experiment/json/jsontext"
)

// Department is an omnichannel department (ILivechatDepartment): a group of
// agents that conversations are routed to.
type Department struct {
	// ID is the department's id (_id).
	ID string `json:"_id"`
	// Name is the department's name.
	Name string `json:"name,omitzero"`
	// Enabled reports that the department takes conversations.
	Enabled bool `json:"enabled"`
	// Description describes the department.
	Description string `json:"description,omitzero"`
	// ShowOnRegistration lists the department in the widget's registration
	// form.
	ShowOnRegistration bool `json:"showOnRegistration"`
	// ShowOnOfflineForm lists the department in the widget's offline form.
	ShowOnOfflineForm bool `json:"showOnOfflineForm"`
	// RequestTagBeforeClosingChat makes agents tag a conversation before
	// closing it.
	RequestTagBeforeClosingChat bool `json:"requestTagBeforeClosingChat,omitzero"`
	// Email is where the department's offline messages go.
	Email string `json:"email,omitzero"`
	// ChatClosingTags are the tags agents may put on a conversation when
	// closing it; the server also adds them to every room it closes.
	ChatClosingTags []string `json:"chatClosingTags,omitzero"`
	// OfflineMessageChannelName is the channel offline messages are posted
	// to.
	OfflineMessageChannelName string `json:"offlineMessageChannelName"`
	// NumAgents is the number of agents in the department. Whole numbers
	// written as 2.0 or 1e3 are accepted.
	NumAgents int `json:"numAgents"`
	// BusinessHourID is the id of the department's business hours.
	BusinessHourID string `json:"businessHourId,omitzero"`
	// FallbackForwardDepartment is the id of the department conversations go
	// to when this one has no agent online.
	FallbackForwardDepartment string `json:"fallbackForwardDepartment,omitzero"`
	// Archived reports that the department is archived.
	Archived bool `json:"archived,omitzero"`
	// DepartmentsAllowedToForward are the ids of the departments this one
	// may forward conversations to; empty means any.
	DepartmentsAllowedToForward []string `json:"departmentsAllowedToForward,omitzero"`
	// MaxNumberSimultaneousChat caps each agent's open conversations in the
	// department (Enterprise). Whole numbers written as 2.0 are accepted.
	MaxNumberSimultaneousChat int `json:"maxNumberSimultaneousChat,omitzero"`
	// ParentID is the id of the parent department, or unit (Enterprise).
	ParentID string `json:"parentId,omitzero"`
	// Ancestors are the ids of the parent departments.
	Ancestors []string `json:"ancestors,omitzero"`
	// AllowReceiveForwardOffline lets conversations be forwarded to the
	// department while none of its agents is online; they wait in its queue.
	AllowReceiveForwardOffline bool `json:"allowReceiveForwardOffline,omitzero"`
	// Type is the department's type: "d" or absent for a department, "u"
	// for an Enterprise unit.
	Type string `json:"type,omitzero"`
	// UpdatedAt is when the department last changed (_updatedAt).
	UpdatedAt time.Time `json:"_updatedAt,omitzero"`

	// Unknown keeps the members this type does not declare, and the raw
	// value of any misfit.
	Unknown jsontext.Value `json:",embed"`

	misfits []Misfit
}

// Misfits returns the department's members whose values did not fit their
// Go fields (see [Misfit]), at any depth, or nil.
func (d *Department) Misfits() []Misfit { return d.misfits }

func init() { registerDocument(func(d *Department) *[]Misfit { return &d.misfits }) }

// DepartmentAgent links an agent to a department
// (ILivechatDepartmentAgents): the department's agents, and an agent's
// departments, are lists of these.
type DepartmentAgent struct {
	// ID is the link's id (_id).
	ID string `json:"_id"`
	// AgentID is the agent's user id.
	AgentID string `json:"agentId"`
	// DepartmentID is the department's id.
	DepartmentID string `json:"departmentId"`
	// DepartmentEnabled reports whether the department is enabled.
	DepartmentEnabled bool `json:"departmentEnabled"`
	// DepartmentName is the department's name, which recent servers add to
	// an agent's list of departments.
	DepartmentName string `json:"departmentName,omitzero"`
	// Username is the agent's username.
	Username string `json:"username,omitzero"`
	// Count is the number of conversations the routing gave the agent in the
	// department. Whole numbers written as 2.0 are accepted.
	Count int `json:"count"`
	// Order is the agent's place in the department's load-balancing order.
	Order int `json:"order"`
	// UpdatedAt is when the link last changed (_updatedAt).
	UpdatedAt time.Time `json:"_updatedAt,omitzero"`

	// Unknown keeps the members this type does not declare, and the raw
	// value of any misfit.
	Unknown jsontext.Value `json:",embed"`

	misfits []Misfit
}

// Misfits returns the link's members whose values did not fit their Go
// fields (see [Misfit]), or nil.
func (a *DepartmentAgent) Misfits() []Misfit { return a.misfits }

func init() { registerDocument(func(a *DepartmentAgent) *[]Misfit { return &a.misfits }) }

type (
	departmentJSON      Department
	departmentAgentJSON DepartmentAgent
)

// MarshalJSON implements encoding/json.Marshaler.
func (d Department) MarshalJSON() ([]byte, error) { return marshalJSON((*departmentJSON)(&d)) }

// UnmarshalJSON implements encoding/json.Unmarshaler.
func (d *Department) UnmarshalJSON(data []byte) error { return unmarshalJSON(data, d) }

// MarshalJSONTo implements the v2 json.MarshalerTo.
func (d Department) MarshalJSONTo(enc *jsontext.Encoder) error {
	return marshalTo(enc, (*departmentJSON)(&d))
}

// UnmarshalJSONFrom implements the v2 json.UnmarshalerFrom.
func (d *Department) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	return unmarshalFrom(dec, d, (*departmentJSON)(d), &d.misfits)
}

// MarshalJSON implements encoding/json.Marshaler.
func (a DepartmentAgent) MarshalJSON() ([]byte, error) {
	return marshalJSON((*departmentAgentJSON)(&a))
}

// UnmarshalJSON implements encoding/json.Unmarshaler.
func (a *DepartmentAgent) UnmarshalJSON(data []byte) error { return unmarshalJSON(data, a) }

// MarshalJSONTo implements the v2 json.MarshalerTo.
func (a DepartmentAgent) MarshalJSONTo(enc *jsontext.Encoder) error {
	return marshalTo(enc, (*departmentAgentJSON)(&a))
}

// UnmarshalJSONFrom implements the v2 json.UnmarshalerFrom.
func (a *DepartmentAgent) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	return unmarshalFrom(dec, a, (*departmentAgentJSON)(a), &a.misfits)
}
