package omnichannel

import (
	"context"
	"fmt"
	"iter"
	"net/http"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/models"
	"github.com/rocketchat-go/rocketchat/omnichannel/internal/endpoint"
)

// AgentsAPI is the set of agent endpoints, for callers who want to
// substitute their own implementation in tests. *AgentsService satisfies
// it.
type AgentsAPI interface {
	SetStatus(ctx context.Context, status models.AgentStatus) (models.AgentStatus, *rocketchat.Response, error)
	SetStatusOf(ctx context.Context, agentID string, status models.AgentStatus) (models.AgentStatus, *rocketchat.Response, error)
	List(ctx context.Context, opts *AgentListOptions) (*AgentsPage, *rocketchat.Response, error)
	ListAll(ctx context.Context, opts *AgentListOptions) iter.Seq2[*models.Agent, error]
	Managers(ctx context.Context, opts *AgentListOptions) (*AgentsPage, *rocketchat.Response, error)
	ManagersAll(ctx context.Context, opts *AgentListOptions) iter.Seq2[*models.Agent, error]
	Departments(ctx context.Context, agentID string, opts *AgentDepartmentsOptions) ([]*models.DepartmentAgent, *rocketchat.Response, error)
}

var _ AgentsAPI = (*AgentsService)(nil)

// AgentsService holds the agents' endpoints: their availability, the lists
// of agents and managers, and an agent's departments.
type AgentsService struct {
	client *rocketchat.Client
}

type agentStatusBody struct {
	Status  models.AgentStatus `json:"status,omitzero"`
	AgentID string             `json:"agentId,omitzero"`
}

// SetStatus sets the caller's omnichannel availability and returns it: an
// available agent gets conversations from the routing and may take queued
// ones. An empty status toggles it. Needs view-l-room; the caller must be an
// agent (else rocketchat.ErrNotFound).
//
// Errors: rocketchat.ErrNotFound (not an agent), ErrUserDeactivated,
// ErrBusinessHoursClosed.
//
// POST /api/v1/livechat/agent.status
func (s *AgentsService) SetStatus(ctx context.Context, status models.AgentStatus) (models.AgentStatus, *rocketchat.Response, error) {
	return s.setStatus(ctx, agentStatusBody{Status: status})
}

// SetStatusOf sets another agent's availability and returns it, as a
// manager does. Needs manage-livechat-agents (else rocketchat.ErrForbidden).
// While business hours forbid the change the server keeps the status and
// says so by returning the old one.
//
// POST /api/v1/livechat/agent.status
func (s *AgentsService) SetStatusOf(ctx context.Context, agentID string, status models.AgentStatus) (models.AgentStatus, *rocketchat.Response, error) {
	if agentID == "" {
		return "", nil, endpoint.Required("agentID")
	}
	return s.setStatus(ctx, agentStatusBody{Status: status, AgentID: agentID})
}

func (s *AgentsService) setStatus(ctx context.Context, body agentStatusBody) (models.AgentStatus, *rocketchat.Response, error) {
	if body.Status != "" && body.Status != models.AgentAvailable && body.Status != models.AgentNotAvailable {
		return "", nil, fmt.Errorf("%w: agent status %q is neither available nor not-available", rocketchat.ErrInvalidArgument, body.Status)
	}
	// The answer's "status" is the agent's, beside success: the envelope
	// of Do would read it as its own (old servers' status:"error").
	out, resp, err := rocketchat.DoDocument[struct {
		Status models.AgentStatus `json:"status"`
	}](ctx, s.client, rocketchat.Call{Method: http.MethodPost, Route: "livechat/agent.status", Body: body})
	if err != nil {
		return "", resp, err
	}
	return out.Status, resp, nil
}

// AgentListOptions pages and filters the lists of agents and managers. The
// zero value (or nil) asks for everyone, sorted by name, 50 a page.
type AgentListOptions struct {
	// Offset, Count and Sort page the list, as in rocketchat.ListOptions.
	Offset int             `url:"-"`
	Count  int             `url:"-"`
	Sort   rocketchat.Sort `url:"-"`
	// Prefetch is how many pages the ...All methods may request ahead;
	// never sent.
	Prefetch int `url:"-"`
	// Text keeps the users whose username, name or e-mail address contains
	// it, whatever the case.
	Text string `url:"text,omitempty"`
	// ExcludeID leaves a user out, such as the caller.
	ExcludeID string `url:"excludeId,omitempty"`
	// OnlyAvailable keeps the available agents (agents only).
	OnlyAvailable bool `url:"onlyAvailable,omitempty"`
	// HideOffline leaves out agents whose presence is offline, bots aside
	// (agents only; the server's showIdleAgents=false).
	HideOffline bool `url:"-"`
}

func (o *AgentListOptions) list() rocketchat.ListOptions {
	if o == nil {
		return rocketchat.ListOptions{}
	}
	return listOptions(o.Offset, o.Count, o.Sort, o.Prefetch)
}

// agentFilters are the filters as sent: booleans as "true"/"false".
type agentFilters struct {
	*AgentListOptions
	ShowIdleAgents string `url:"showIdleAgents,omitempty"`
}

func (o *AgentListOptions) query(lo rocketchat.ListOptions) rocketchat.ListQuery {
	if o == nil {
		return rocketchat.ListQuery{List: lo}
	}
	f := agentFilters{AgentListOptions: o}
	if o.HideOffline {
		f.ShowIdleAgents = "false"
	}
	return rocketchat.ListQuery{List: lo, Filters: f}
}

// AgentsPage is one page of agents or managers.
type AgentsPage struct {
	// Users are the page's users.
	Users []*models.Agent `json:"users"`
	// Count is how many users the page holds.
	Count int `json:"count"`
	// Offset is how many users were skipped before this page.
	Offset int `json:"offset"`
	// Total is how many users match in all.
	Total int `json:"total"`
}

// List returns one page of the livechat agents, with their availability and
// departments. Needs transfer-livechat-guest or edit-omnichannel-contact
// (agents have the latter), else rocketchat.ErrForbidden.
//
// GET /api/v1/livechat/users/agent
func (s *AgentsService) List(ctx context.Context, opts *AgentListOptions) (*AgentsPage, *rocketchat.Response, error) {
	return rocketchat.Do[AgentsPage](ctx, s.client, usersCall("agent", opts, opts.list()))
}

// ListAll returns an iterator over every agent matching opts; see List.
// Needs transfer-livechat-guest or edit-omnichannel-contact (agents have
// the latter), else rocketchat.ErrForbidden.
//
// GET /api/v1/livechat/users/agent
func (s *AgentsService) ListAll(ctx context.Context, opts *AgentListOptions) iter.Seq2[*models.Agent, error] {
	return s.walk(ctx, "agent", opts)
}

// Managers returns one page of the livechat managers. Needs
// view-livechat-manager, else rocketchat.ErrForbidden.
//
// GET /api/v1/livechat/users/manager
func (s *AgentsService) Managers(ctx context.Context, opts *AgentListOptions) (*AgentsPage, *rocketchat.Response, error) {
	return rocketchat.Do[AgentsPage](ctx, s.client, usersCall("manager", opts, opts.list()))
}

// ManagersAll returns an iterator over every manager matching opts; see
// Managers. Needs view-livechat-manager, else rocketchat.ErrForbidden.
//
// GET /api/v1/livechat/users/manager
func (s *AgentsService) ManagersAll(ctx context.Context, opts *AgentListOptions) iter.Seq2[*models.Agent, error] {
	return s.walk(ctx, "manager", opts)
}

func usersCall(typ string, opts *AgentListOptions, lo rocketchat.ListOptions) rocketchat.Call {
	return rocketchat.Call{Method: http.MethodGet, Route: "livechat/users/{type}", Params: []string{typ}, Query: opts.query(lo)}
}

func (s *AgentsService) walk(ctx context.Context, typ string, opts *AgentListOptions) iter.Seq2[*models.Agent, error] {
	return walk(ctx, s.client, opts, list[models.Agent, AgentsPage, *AgentListOptions]{
		call: func(opts *AgentListOptions, lo rocketchat.ListOptions) rocketchat.Call {
			return usersCall(typ, opts, lo)
		},
		member: "users",
		page:   func(p *AgentsPage) ([]*models.Agent, int) { return p.Users, p.Total },
		key:    func(a *models.Agent) string { return a.ID },
	})
}

// AgentDepartmentsOptions are the options of [AgentsService.Departments].
// The zero value (or nil) lists every department of the agent.
type AgentDepartmentsOptions struct {
	// EnabledOnly keeps the enabled departments.
	EnabledOnly bool
}

// Departments returns the departments of the agent agentID (the links,
// each with the department's name on recent servers). Needs view-l-room;
// any agent's list is open.
//
// GET /api/v1/livechat/agents/{agentId}/departments
func (s *AgentsService) Departments(ctx context.Context, agentID string, opts *AgentDepartmentsOptions) ([]*models.DepartmentAgent, *rocketchat.Response, error) {
	if agentID == "" {
		return nil, nil, endpoint.Required("agentID")
	}
	q := struct {
		EnabledOnly string `url:"enabledDepartmentsOnly,omitempty"`
	}{}
	if opts != nil && opts.EnabledOnly {
		q.EnabledOnly = "true"
	}
	out, resp, err := rocketchat.Do[struct {
		Departments []*models.DepartmentAgent `json:"departments"`
	}](ctx, s.client, rocketchat.Call{Method: http.MethodGet, Route: "livechat/agents/{agentId}/departments", Params: []string{agentID}, Query: q})
	if err != nil {
		return nil, resp, err
	}
	return out.Departments, resp, nil
}
