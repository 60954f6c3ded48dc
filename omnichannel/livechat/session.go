// Package livechat is the visitor's side of Rocket.Chat's Omnichannel: the
// routes the livechat widget calls, for bridges that bring visitors from
// elsewhere (WhatsApp, Telegram, SMS, a game's chat) and play the widget in
// Go. A [Session] acts as one visitor, known by a token the bridge chooses
// (see [NewToken]) and keeps: it registers the visitor, opens a room, sends
// and reads messages, uploads files and closes the room.
//
// A session sends no user credentials, even when built from an
// authenticated client: the widget's routes know the visitor by the token
// alone. The token is a rocketchat.Secret: it never shows in logs or
// errors, goes only to the client's server, and, like credentials, is
// refused over plain http to a host other than loopback unless the client
// was built with rocketchat.WithInsecureHTTP.
//
//	c, err := rocketchat.NewClient("https://chat.example.com")
//	if err != nil {
//		return err
//	}
//	s, err := livechat.NewSession(c, token)
//	if err != nil {
//		return err
//	}
//	if _, _, err := s.Register(ctx, &livechat.RegisterOptions{Name: "Maria"}); err != nil {
//		return err
//	}
//	room, _, err := s.Room(ctx, nil)
//	if errors.Is(err, livechat.ErrNoAgentOnline) {
//		return offline(ctx, s) // s.SendOfflineMessage: nobody to talk to now
//	} else if err != nil {
//		return err
//	}
//	_, _, err = s.Send(ctx, room.Room.ID, "Hello!")
package livechat

import (
	"context"
	"crypto/rand"
	"iter"
	"net/http"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/models"
	"github.com/rocketchat-go/rocketchat/omnichannel/internal/endpoint"
)

// SessionAPI is the set of a visitor's calls, for callers who want to
// substitute their own implementation in tests. *Session satisfies it.
type SessionAPI interface {
	Register(ctx context.Context, opts *RegisterOptions) (*models.Visitor, *rocketchat.Response, error)
	Visitor(ctx context.Context) (*models.Visitor, *rocketchat.Response, error)
	Room(ctx context.Context, opts *RoomOptions) (*RoomResult, *rocketchat.Response, error)
	Send(ctx context.Context, roomID, text string) (*models.Message, *rocketchat.Response, error)
	SendWithID(ctx context.Context, roomID, id, text string) (*models.Message, *rocketchat.Response, error)
	History(ctx context.Context, roomID string, opts *HistoryOptions) ([]*models.Message, *rocketchat.Response, error)
	HistoryAll(ctx context.Context, roomID string, opts *HistoryOptions) iter.Seq2[*models.Message, error]
	Close(ctx context.Context, roomID string) (*CloseResult, *rocketchat.Response, error)
	Upload(ctx context.Context, roomID string, f File) (*models.Message, *rocketchat.Response, error)
	Config(ctx context.Context, opts *ConfigOptions) (*models.WidgetConfig, *rocketchat.Response, error)
	SendOfflineMessage(ctx context.Context, m OfflineMessage) (string, *rocketchat.Response, error)
	EmailTranscript(ctx context.Context, roomID, email string) (string, *rocketchat.Response, error)
	Survey(ctx context.Context, roomID string, answers []SurveyAnswer) (map[string]string, *rocketchat.Response, error)
}

var _ SessionAPI = (*Session)(nil)

// Session acts as one livechat visitor. It is safe for concurrent use.
type Session struct {
	client *rocketchat.Client
	token  rocketchat.Secret
}

// NewSession returns a session for the visitor of token on client's server.
// The client's own credentials, if any, are never sent by the session.
func NewSession(client *rocketchat.Client, token rocketchat.Secret) (*Session, error) {
	if client == nil {
		return nil, endpoint.Required("client")
	}
	if token == "" {
		return nil, endpoint.Required("token")
	}
	return &Session{client: client, token: token}, nil
}

// Token returns the visitor's token.
func (s *Session) Token() rocketchat.Secret { return s.token }

// meteorAlphabet is the alphabet of Meteor's Random.id.
const meteorAlphabet = "23456789ABCDEFGHJKLMNPQRSTWXYZabcdefghijkmnopqrstuvwxyz"

// randomID is n characters of the Meteor alphabet from crypto/rand.
func randomID(n int) string {
	out := make([]byte, 0, n)
	buf := make([]byte, n+8)
	for len(out) < n {
		rand.Read(buf) // never fails (crypto/rand panics on a broken source)
		for _, b := range buf {
			// 220 = 4 × 55: values above would favour the first letters.
			if b < 220 && len(out) < n {
				out = append(out, meteorAlphabet[int(b)%len(meteorAlphabet)])
			}
		}
	}
	return string(out)
}

// NewToken returns a new random visitor token, as a widget makes one for a
// new visitor: 32 characters, about 185 bits. Keep it to speak as the same
// visitor later.
func NewToken() rocketchat.Secret { return rocketchat.Secret(randomID(32)) }

// NewMessageID returns a random message id, 17 characters of Meteor's
// alphabet, as the server makes them. [Session.SendWithID] takes one.
func NewMessageID() string { return randomID(17) }

// call is a widget call: anonymous, carrying the token as a secret.
func (s *Session) call(method, route string, params []string) rocketchat.Call {
	return rocketchat.Call{Method: method, Route: route, Params: params, Anonymous: true, Secrets: []rocketchat.Secret{s.token}}
}

// RegisterOptions are who the visitor is, for Register. Empty fields (and
// a nil *RegisterOptions) are not sent, so they leave a registered
// visitor's values as they are.
type RegisterOptions struct {
	// Name is the visitor's name, shown to agents.
	Name string `json:"name,omitzero"`
	// Email is the visitor's address; the server stores it in lower case.
	Email string `json:"email,omitzero"`
	// Phone is the visitor's phone number.
	Phone string `json:"phone,omitzero"`
	// Department is a department's id or name: the visitor's conversations
	// go to it.
	Department string `json:"department,omitzero"`
	// Username is the visitor's username; the server makes one (guest-N)
	// for a new visitor without.
	Username string `json:"username,omitzero"`
	// CustomFields set the visitor's custom fields (those the server
	// defines for visitors).
	CustomFields []CustomField `json:"customFields,omitzero"`
}

// CustomField is one of a visitor's custom fields.
type CustomField struct {
	Key   string `json:"key"`
	Value string `json:"value"`
	// Overwrite replaces a value the visitor already has.
	Overwrite bool `json:"overwrite"`
}

type registrationBody struct {
	Visitor struct {
		Token string `json:"token"`
		RegisterOptions
	} `json:"visitor"`
}

// Register registers the session's visitor, or updates the visitor
// registered with its token, and returns the record. The server may match
// an existing visitor by phone number and keep that visitor's token: when
// the returned Token differs from the session's, continue with a session of
// the returned token. Limited to 5 calls a minute.
//
// It sends the visitor's token and no user credentials.
//
// Errors: ErrInvalidEmail, ErrInvalidDepartment, ErrInvalidToken.
//
// POST /api/v1/livechat/visitor
func (s *Session) Register(ctx context.Context, opts *RegisterOptions) (*models.Visitor, *rocketchat.Response, error) {
	var body registrationBody
	body.Visitor.Token = string(s.token)
	if opts != nil {
		body.Visitor.RegisterOptions = *opts
	}
	call := s.call(http.MethodPost, "livechat/visitor", nil)
	call.Body = body
	return endpoint.Visitor(ctx, s.client, call)
}

// Visitor returns the record of the session's visitor (the call agents
// make as [omnichannel.VisitorsService.ByToken]).
//
// It sends the visitor's token and no user credentials.
//
// Errors: ErrInvalidToken (not registered).
//
// GET /api/v1/livechat/visitor/{token}
func (s *Session) Visitor(ctx context.Context) (*models.Visitor, *rocketchat.Response, error) {
	return endpoint.VisitorByToken(ctx, s.client, s.token)
}

// RoomOptions are the options of Room.
type RoomOptions struct {
	// RoomID asks for that open room of the visitor.
	RoomID string
	// AgentID asks for an agent for a new room.
	AgentID string
}

// RoomResult is Room's answer.
type RoomResult struct {
	// Room is the visitor's open room.
	Room *models.Room `json:"room"`
	// NewRoom reports that the call opened it.
	NewRoom bool `json:"newRoom"`
}

// Room returns the visitor's open room, opening one when there is none: the
// new room enters the queue, or goes to an agent, as the server routes it.
// Limited to 5 calls a minute: keep the room's id rather than calling Room
// before every message.
//
// It sends the visitor's token and no user credentials.
//
// Errors: ErrInvalidToken (register first), ErrNoAgentOnline,
// rocketchat.ErrInvalidRoom (opts.RoomID is not an open room of the
// visitor), ErrOmnichannelDisabled.
//
// GET /api/v1/livechat/room
func (s *Session) Room(ctx context.Context, opts *RoomOptions) (*RoomResult, *rocketchat.Response, error) {
	q := struct {
		Token   string `url:"token"`
		RoomID  string `url:"rid,omitempty"`
		AgentID string `url:"agentId,omitempty"`
	}{Token: string(s.token)}
	if opts != nil {
		q.RoomID, q.AgentID = opts.RoomID, opts.AgentID
	}
	call := s.call(http.MethodGet, "livechat/room", nil)
	call.Query = q
	return endpoint.One(ctx, s.client, call, "room", func(a *RoomResult) *RoomResult {
		if a.Room == nil {
			return nil
		}
		return a
	})
}
