package rocketchattest

import (
	"github.com/rocketchat-go/rocketchat/models"
)

// defaultDepartmentNames are the names of the departments generated
// conversations belong to by default.
var defaultDepartmentNames = map[string]string{
	"deptSupport00001A": "Support",
	"deptBilling00002B": "Billing",
}

// AddDepartment registers a livechat department, or renames it. The rooms
// list (livechat/rooms) adds {_id, name} of its department to each room
// whose department is registered, as the server does for departments that
// still exist. [Server.GenerateHistory] registers the default departments
// of generated rooms itself.
func (s *Server) AddDepartment(d models.DepartmentRef) {
	if d.ID == "" {
		s.fail("AddDepartment: a department without an ID")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.departments[d.ID] = d.Name
}

// RemoveDepartment forgets a department, as deleting it does: rooms keep
// its id but lose their department in the rooms list.
func (s *Server) RemoveDepartment(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.departments, id)
}
