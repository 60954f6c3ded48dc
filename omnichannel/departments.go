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

// DepartmentsAPI is the set of department endpoints, for callers who want
// to substitute their own implementation in tests. *DepartmentsService
// satisfies it.
type DepartmentsAPI interface {
	List(ctx context.Context, opts *DepartmentListOptions) (*DepartmentsPage, *rocketchat.Response, error)
	ListAll(ctx context.Context, opts *DepartmentListOptions) iter.Seq2[*models.Department, error]
	Get(ctx context.Context, id string, opts *DepartmentGetOptions) (*DepartmentInfo, *rocketchat.Response, error)
}

var _ DepartmentsAPI = (*DepartmentsService)(nil)

// DepartmentsService holds the livechat/department endpoints.
type DepartmentsService struct {
	client *rocketchat.Client
}

// DepartmentListOptions pages and filters the departments. The zero value
// (or nil) lists the departments that are not archived, enabled or not,
// sorted by name, 50 a page.
type DepartmentListOptions struct {
	// Offset, Count and Sort page the list, as in rocketchat.ListOptions.
	Offset int             `url:"-"`
	Count  int             `url:"-"`
	Sort   rocketchat.Sort `url:"-"`
	// Prefetch is how many pages ListAll may request ahead; never sent.
	Prefetch int `url:"-"`
	// Text keeps the departments whose name contains it, whatever the case.
	Text string `url:"text,omitempty"`
	// EnabledOnly keeps the enabled departments.
	EnabledOnly bool `url:"-"`
	// ShowArchived adds the archived departments.
	ShowArchived bool `url:"-"`
	// OnlyMine keeps the departments the caller may see under Enterprise
	// restrictions (units and monitors).
	OnlyMine bool `url:"-"`
	// ExcludeID leaves a department out.
	ExcludeID string `url:"excludeDepartmentId,omitempty"`
}

func (o *DepartmentListOptions) list() rocketchat.ListOptions {
	if o == nil {
		return rocketchat.ListOptions{}
	}
	return listOptions(o.Offset, o.Count, o.Sort, o.Prefetch)
}

// departmentFilters are the filters as sent: the server compares its
// booleans with the string "true".
type departmentFilters struct {
	*DepartmentListOptions
	Enabled      string `url:"enabled,omitempty"`
	ShowArchived string `url:"showArchived,omitempty"`
	OnlyMine     string `url:"onlyMyDepartments,omitempty"`
}

func (o *DepartmentListOptions) query(lo rocketchat.ListOptions) rocketchat.ListQuery {
	if o == nil {
		return rocketchat.ListQuery{List: lo}
	}
	f := departmentFilters{DepartmentListOptions: o}
	if o.EnabledOnly {
		f.Enabled = "true"
	}
	if o.ShowArchived {
		f.ShowArchived = "true"
	}
	if o.OnlyMine {
		f.OnlyMine = "true"
	}
	return rocketchat.ListQuery{List: lo, Filters: f}
}

// DepartmentsPage is one page of departments.
type DepartmentsPage struct {
	// Departments are the page's departments.
	Departments []*models.Department `json:"departments"`
	// Count is how many departments the page holds.
	Count int `json:"count"`
	// Offset is how many departments were skipped before this page.
	Offset int `json:"offset"`
	// Total is how many departments match in all.
	Total int `json:"total"`
}

// List returns one page of the departments. Needs view-livechat-departments
// or view-l-room.
//
// GET /api/v1/livechat/department
func (s *DepartmentsService) List(ctx context.Context, opts *DepartmentListOptions) (*DepartmentsPage, *rocketchat.Response, error) {
	return rocketchat.Do[DepartmentsPage](ctx, s.client, departmentsCall(opts, opts.list()))
}

// ListAll returns an iterator over every department matching opts; see List.
// Needs view-livechat-departments or view-l-room.
//
// GET /api/v1/livechat/department
func (s *DepartmentsService) ListAll(ctx context.Context, opts *DepartmentListOptions) iter.Seq2[*models.Department, error] {
	return walk(ctx, s.client, opts, list[models.Department, DepartmentsPage, *DepartmentListOptions]{
		call:   departmentsCall,
		member: "departments",
		page:   func(p *DepartmentsPage) ([]*models.Department, int) { return p.Departments, p.Total },
		key:    func(d *models.Department) string { return d.ID },
	})
}

func departmentsCall(opts *DepartmentListOptions, lo rocketchat.ListOptions) rocketchat.Call {
	return rocketchat.Call{Method: http.MethodGet, Route: "livechat/department", Query: opts.query(lo)}
}

// DepartmentGetOptions are the options of Get.
type DepartmentGetOptions struct {
	// WithoutAgents leaves the department's agents out of the answer.
	WithoutAgents bool
	// OnlyMine applies the Enterprise restrictions of units and monitors.
	OnlyMine bool
}

// DepartmentInfo is a department with its agents.
type DepartmentInfo struct {
	// Department is the department.
	Department *models.Department `json:"department"`
	// Agents are its agents: present only for callers holding
	// view-livechat-departments, unless WithoutAgents was asked.
	Agents []*models.DepartmentAgent `json:"agents"`
}

// Get returns a department and, for callers holding
// view-livechat-departments (managers, monitors, admins), its agents.
// Needs view-livechat-departments or view-l-room. An unknown id, which the
// server answers with a null department, is an error matching
// rocketchat.ErrNotFound.
//
// GET /api/v1/livechat/department/{_id}
func (s *DepartmentsService) Get(ctx context.Context, id string, opts *DepartmentGetOptions) (*DepartmentInfo, *rocketchat.Response, error) {
	if id == "" {
		return nil, nil, endpoint.Required("id")
	}
	q := struct {
		IncludeAgents string `url:"includeAgents,omitempty"`
		OnlyMine      string `url:"onlyMyDepartments,omitempty"`
	}{}
	if opts != nil && opts.WithoutAgents {
		q.IncludeAgents = "false"
	}
	if opts != nil && opts.OnlyMine {
		q.OnlyMine = "true"
	}
	call := rocketchat.Call{Method: http.MethodGet, Route: "livechat/department/{_id}", Params: []string{id}, Query: q}
	return endpoint.OneOr(ctx, s.client, call, "department", func(a *DepartmentInfo) *DepartmentInfo {
		if a.Department == nil {
			return nil
		}
		return a
	}, fmt.Errorf("%w: no department %q", rocketchat.ErrNotFound, id))
}
