package rocketchattest

import "slices"

// defaultPermissions is the server's default role for every permission, the
// table apps/meteor/app/authorization/server/constant/permissions.ts seeds a
// new workspace with (Enterprise additions such as the units and monitors
// permissions are not in it). A route's permission, the room access rules and
// the rate limiter's bypass all read it through Server.hasPermission; tests
// change it with [Server.SetPermission] and [Server.GrantPermission], as an
// admin does on the Permissions page.
var defaultPermissions = map[string][]string{
	"access-permissions":                         {"admin"},
	"access-marketplace":                         {"admin", "user"},
	"access-setting-permissions":                 {"admin"},
	"add-oauth-service":                          {"admin"},
	"add-user-to-joined-room":                    {"admin", "owner", "moderator"},
	"add-user-to-any-c-room":                     {"admin"},
	"add-user-to-any-p-room":                     {},
	"kick-user-from-any-c-room":                  {"admin"},
	"kick-user-from-any-p-room":                  {},
	"api-bypass-rate-limit":                      {"admin", "bot", "app"},
	"archive-room":                               {"admin", "owner"},
	"assign-admin-role":                          {"admin"},
	"assign-roles":                               {"admin"},
	"ban-user":                                   {"admin", "owner", "moderator"},
	"bulk-register-user":                         {"admin"},
	"change-livechat-room-visitor":               {"admin", "livechat-manager", "livechat-agent"},
	"create-c":                                   {"admin", "user", "federated-external", "bot", "app"},
	"create-d":                                   {"admin", "user", "federated-external", "bot", "app"},
	"create-p":                                   {"admin", "user", "federated-external", "bot", "app"},
	"create-personal-access-tokens":              {"admin", "user"},
	"create-user":                                {"admin"},
	"clean-channel-history":                      {"admin"},
	"delete-c":                                   {"admin", "owner"},
	"delete-d":                                   {"admin"},
	"delete-message":                             {"admin", "owner", "moderator"},
	"delete-own-message":                         {"admin", "user", "federated-external"},
	"delete-p":                                   {"admin", "owner"},
	"delete-user":                                {"admin"},
	"edit-message":                               {"admin", "owner", "moderator"},
	"edit-other-user-active-status":              {"admin"},
	"edit-other-user-info":                       {"admin"},
	"edit-other-user-password":                   {"admin"},
	"edit-other-user-avatar":                     {"admin"},
	"edit-other-user-e2ee":                       {"admin"},
	"edit-other-user-totp":                       {"admin"},
	"edit-privileged-setting":                    {"admin"},
	"edit-room":                                  {"admin", "owner", "moderator"},
	"edit-room-avatar":                           {"admin", "owner", "moderator"},
	"edit-room-retention-policy":                 {"admin"},
	"force-delete-message":                       {"admin", "owner"},
	"join-without-join-code":                     {"admin", "bot", "app"},
	"leave-c":                                    {"admin", "user", "federated-external", "bot", "anonymous", "app"},
	"leave-p":                                    {"admin", "user", "federated-external", "bot", "anonymous", "app"},
	"logout-other-user":                          {"admin"},
	"manage-assets":                              {"admin"},
	"manage-email-inbox":                         {"admin"},
	"manage-emoji":                               {"admin"},
	"manage-user-status":                         {"admin"},
	"manage-outgoing-integrations":               {"admin"},
	"manage-incoming-integrations":               {"admin"},
	"manage-own-outgoing-integrations":           {"admin"},
	"manage-own-incoming-integrations":           {"admin"},
	"manage-oauth-apps":                          {"admin"},
	"manage-selected-settings":                   {"admin"},
	"mention-all":                                {"admin", "owner", "moderator", "user", "federated-external"},
	"mention-here":                               {"admin", "owner", "moderator", "user", "federated-external"},
	"mute-user":                                  {"admin", "owner", "moderator"},
	"remove-user":                                {"admin", "owner", "moderator"},
	"run-import":                                 {"admin"},
	"run-migration":                              {"admin"},
	"set-moderator":                              {"admin", "owner"},
	"set-owner":                                  {"admin", "owner"},
	"send-many-messages":                         {"admin", "bot", "app"},
	"set-leader":                                 {"admin", "owner"},
	"set-important-message-marker":               {"admin", "owner"},
	"start-discussion":                           {"admin", "user", "federated-external", "guest", "app"},
	"start-discussion-other-user":                {"admin", "user", "federated-external", "owner", "app"},
	"unarchive-room":                             {"admin"},
	"view-c-room":                                {"admin", "user", "federated-external", "bot", "app", "anonymous"},
	"user-generate-access-token":                 {"admin"},
	"view-d-room":                                {"admin", "user", "federated-external", "bot", "app", "guest"},
	"view-device-management":                     {"admin"},
	"view-engagement-dashboard":                  {"admin"},
	"view-full-other-user-info":                  {"admin"},
	"view-joined-room":                           {"guest", "bot", "app", "anonymous"},
	"view-join-code":                             {"admin"},
	"view-logs":                                  {"admin"},
	"view-other-user-channels":                   {"admin"},
	"view-p-room":                                {"admin", "user", "federated-external", "anonymous", "guest"},
	"view-privileged-setting":                    {"admin"},
	"view-room-administration":                   {"admin"},
	"view-statistics":                            {"admin"},
	"view-user-administration":                   {"admin"},
	"preview-c-room":                             {"admin", "user", "federated-external", "anonymous"},
	"view-outside-room":                          {"admin", "owner", "moderator", "user", "federated-external"},
	"view-broadcast-member-list":                 {"admin", "owner", "moderator"},
	"call-management":                            {"admin", "owner", "moderator", "user"},
	"create-invite-links":                        {"admin", "owner", "moderator"},
	"view-l-room":                                {"livechat-manager", "livechat-monitor", "livechat-agent", "admin"},
	"create-livechat-contact":                    {"livechat-manager", "livechat-monitor", "livechat-agent", "admin"},
	"update-livechat-contact":                    {"livechat-manager", "livechat-monitor", "livechat-agent", "admin"},
	"view-livechat-contact":                      {"livechat-manager", "livechat-monitor", "livechat-agent", "admin"},
	"delete-livechat-contact":                    {"livechat-manager", "admin"},
	"view-livechat-contact-history":              {"livechat-manager", "livechat-monitor", "livechat-agent", "admin"},
	"view-livechat-manager":                      {"livechat-manager", "livechat-monitor", "admin"},
	"view-omnichannel-contact-center":            {"livechat-manager", "livechat-agent", "livechat-monitor", "admin"},
	"edit-omnichannel-contact":                   {"livechat-manager", "livechat-agent", "admin"},
	"view-livechat-rooms":                        {"livechat-manager", "livechat-monitor", "admin"},
	"close-livechat-room":                        {"livechat-manager", "livechat-monitor", "livechat-agent", "admin"},
	"close-others-livechat-room":                 {"livechat-manager", "livechat-monitor", "admin"},
	"on-hold-livechat-room":                      {"livechat-manager", "livechat-monitor", "livechat-agent", "admin"},
	"on-hold-others-livechat-room":               {"livechat-manager", "livechat-monitor", "admin"},
	"save-others-livechat-room-info":             {"livechat-manager", "livechat-monitor", "admin"},
	"remove-closed-livechat-rooms":               {"livechat-manager", "livechat-monitor", "admin"},
	"view-livechat-analytics":                    {"livechat-manager", "livechat-monitor", "admin"},
	"view-livechat-queue":                        {"livechat-manager", "livechat-monitor", "livechat-agent", "admin"},
	"transfer-livechat-guest":                    {"livechat-manager", "livechat-monitor", "admin"},
	"manage-livechat-managers":                   {"livechat-manager", "admin"},
	"manage-livechat-agents":                     {"livechat-manager", "livechat-monitor", "admin"},
	"manage-livechat-departments":                {"livechat-manager", "livechat-monitor", "admin"},
	"view-livechat-departments":                  {"livechat-manager", "livechat-monitor", "admin"},
	"add-livechat-department-agents":             {"livechat-manager", "livechat-monitor", "admin"},
	"view-livechat-real-time-monitoring":         {"livechat-manager", "livechat-monitor", "admin"},
	"view-livechat-triggers":                     {"livechat-manager", "admin"},
	"view-livechat-customfields":                 {"livechat-manager", "admin"},
	"view-livechat-installation":                 {"livechat-manager", "admin"},
	"view-livechat-appearance":                   {"livechat-manager", "admin"},
	"view-livechat-webhooks":                     {"livechat-manager", "admin"},
	"view-livechat-business-hours":               {"livechat-manager", "livechat-monitor", "admin"},
	"view-livechat-room-closed-same-department":  {"livechat-manager", "livechat-monitor", "admin"},
	"view-livechat-room-closed-by-another-agent": {"livechat-manager", "livechat-monitor", "admin"},
	"view-livechat-room-customfields":            {"livechat-manager", "livechat-monitor", "livechat-agent", "admin"},
	"edit-livechat-room-customfields":            {"livechat-manager", "livechat-monitor", "livechat-agent", "admin"},
	"send-omnichannel-chat-transcript":           {"livechat-manager", "admin"},
	"mail-messages":                              {"admin"},
	"toggle-room-e2e-encryption":                 {"owner", "admin"},
	"message-impersonate":                        {"bot", "app"},
	"create-team":                                {"admin", "user"},
	"delete-team":                                {"admin", "owner"},
	"convert-team":                               {"admin", "owner"},
	"edit-team":                                  {"admin", "owner"},
	"add-team-member":                            {"admin", "owner", "moderator"},
	"edit-team-member":                           {"admin", "owner", "moderator"},
	"move-room-to-team":                          {"admin", "owner", "moderator"},
	"create-team-channel":                        {"admin", "owner", "moderator"},
	"create-team-group":                          {"admin", "owner", "moderator"},
	"delete-team-channel":                        {"admin", "owner", "moderator"},
	"delete-team-group":                          {"admin", "owner", "moderator"},
	"edit-team-channel":                          {"admin", "owner", "moderator"},
	"remove-team-channel":                        {"admin", "owner", "moderator"},
	"view-all-team-channels":                     {"admin", "owner"},
	"view-all-teams":                             {"admin"},
	"remove-closed-livechat-room":                {"livechat-manager", "admin"},
	"remove-livechat-department":                 {"livechat-manager", "admin"},
	"allow-internal-voice-calls":                 {"admin", "user"},
	"allow-external-voice-calls":                 {"admin", "user"},
	"manage-apps":                                {"admin"},
	"post-readonly":                              {"admin", "owner", "moderator"},
	"set-readonly":                               {"admin", "owner"},
	"set-react-when-readonly":                    {"admin", "owner"},
	"manage-cloud":                               {"admin"},
	"manage-sounds":                              {"admin"},
	"access-mailer":                              {"admin"},
	"pin-message":                                {"owner", "moderator", "admin"},
	"mobile-upload-file":                         {"user", "federated-external", "admin"},
	"send-mail":                                  {"admin"},
	"view-federation-data":                       {"admin"},
	"access-federation":                          {"admin", "user", "federated-external"},
	"add-all-to-room":                            {"admin"},
	"get-server-info":                            {"admin"},
	"register-on-cloud":                          {"admin"},
	"test-admin-options":                         {"admin"},
	"test-push-notifications":                    {"admin", "user"},
	"sync-auth-services-users":                   {"admin"},
	"restart-server":                             {"admin"},
	"remove-slackbridge-links":                   {"admin"},
	"view-import-operations":                     {"admin"},
	"clear-oembed-cache":                         {"admin"},
	"videoconf-ring-users":                       {"admin", "owner", "moderator", "user"},
	"view-moderation-console":                    {"admin"},
	"manage-moderation-actions":                  {"admin"},
	"bypass-time-limit-edit-and-delete":          {"bot", "app"},
	"export-messages-as-pdf":                     {"admin", "user"},
	"mark-message-as-important":                  {"admin", "owner", "important-message-marker"},
}

// Permissions the fake's routes and rules check.
const (
	permViewLivechatRoom     = "view-l-room"
	permViewLivechatRooms    = "view-livechat-rooms"
	permClosedSameDepartment = "view-livechat-room-closed-same-department"
	permClosedByAnotherAgent = "view-livechat-room-closed-by-another-agent"
	permBypassRateLimit      = "api-bypass-rate-limit"
	permViewStatistics       = "view-statistics"
)

// rocketCatUserID is the server's own bot, which may open every livechat room.
const rocketCatUserID = "rocket.cat"

func clonePermissions() map[string][]string {
	out := make(map[string][]string, len(defaultPermissions))
	for p, roles := range defaultPermissions {
		out[p] = slices.Clone(roles)
	}
	return out
}

// SetPermission gives a permission to exactly these roles, as an admin does
// on the Permissions page: SetPermission("view-livechat-rooms", "admin",
// "livechat-manager") takes it from monitors, SetPermission(p) from
// everyone. Roles need not exist elsewhere: give a user a custom role in
// [User.Roles] and the permission through it.
func (s *Server) SetPermission(permission string, roles ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.permissions[permission] = slices.Clone(roles)
}

// GrantPermission adds roles to those holding a permission.
func (s *Server) GrantPermission(permission string, roles ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, r := range roles {
		if !slices.Contains(s.permissions[permission], r) {
			s.permissions[permission] = append(s.permissions[permission], r)
		}
	}
}

// PermissionRoles returns the roles holding a permission, in the order they
// were given.
func (s *Server) PermissionRoles(permission string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.permissions[permission])
}

// hasPermissionLocked reports whether one of the user's roles holds the
// permission. s.mu must be held.
func (s *Server) hasPermissionLocked(u *userEntry, permission string) bool {
	return slices.ContainsFunc(u.Roles, func(r string) bool { return slices.Contains(s.permissions[permission], r) })
}

func (s *Server) hasPermission(u *userEntry, permission string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hasPermissionLocked(u, permission)
}
