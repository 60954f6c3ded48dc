package livechat

import (
	"context"
	"net/http"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/models"
	"github.com/rocketchat-go/rocketchat/omnichannel/internal/endpoint"
)

type tokenRoomBody struct {
	Token  string `json:"token"`
	RoomID string `json:"rid"`
}

// CloseResult is Close's answer.
type CloseResult struct {
	// RoomID is the closed room.
	RoomID string `json:"rid"`
	// Comment is the closing message the server wrote, such as "Closed by
	// visitor" in the server's language.
	Comment string `json:"comment"`
}

// Close closes the visitor's open room, as the visitor: the conversation
// ends for the agent too.
//
// It sends the visitor's token and no user credentials.
//
// Errors: ErrVisitorCannotClose (the server does not let visitors close),
// ErrInvalidToken, rocketchat.ErrInvalidRoom, rocketchat.ErrRoomClosed.
//
// POST /api/v1/livechat/room.close
func (s *Session) Close(ctx context.Context, roomID string) (*CloseResult, *rocketchat.Response, error) {
	if roomID == "" {
		return nil, nil, endpoint.Required("roomID")
	}
	call := s.call(http.MethodPost, "livechat/room.close", nil)
	call.Body = tokenRoomBody{Token: string(s.token), RoomID: roomID}
	return rocketchat.Do[CloseResult](ctx, s.client, call)
}

// ConfigOptions are the options of Config.
type ConfigOptions struct {
	// Department asks whether that department (id or name) is online.
	Department string `url:"department,omitempty"`
	// BusinessUnit keeps the departments of an Enterprise unit.
	BusinessUnit string `url:"businessUnit,omitempty"`
}

// Config returns the widget's configuration for the visitor: whether
// livechat is on and an agent online, the settings and texts, the
// departments, and the visitor's record, open room and agent.
//
// It sends the visitor's token and no user credentials.
//
// GET /api/v1/livechat/config
func (s *Session) Config(ctx context.Context, opts *ConfigOptions) (*models.WidgetConfig, *rocketchat.Response, error) {
	q := struct {
		Token string `url:"token"`
		ConfigOptions
	}{Token: string(s.token)}
	if opts != nil {
		q.ConfigOptions = *opts
	}
	call := s.call(http.MethodGet, "livechat/config", nil)
	call.Query = q
	return endpoint.One(ctx, s.client, call, "config", (*configAnswer).config)
}

// configAnswer is the answer of livechat/config.
type configAnswer struct {
	Config *models.WidgetConfig `json:"config"`
}

func (a *configAnswer) config() *models.WidgetConfig { return a.Config }

// OfflineMessage is a message for the team while nobody is online.
type OfflineMessage struct {
	Name    string `json:"name"`
	Email   string `json:"email"`
	Message string `json:"message"`
	// Department (id or name) sends it to the department's address.
	Department string `json:"department,omitzero"`
	// Host is the page the visitor wrote from.
	Host string `json:"host,omitzero"`
}

// SendOfflineMessage leaves a message for the team, e-mailed by the server,
// and returns the server's confirmation. It needs no registration. Limited
// to one call every 5 seconds. Every failure (the offline form turned off,
// a bad address, the mail server) is the same error, whose message is the
// server's sentence.
//
// It sends the visitor's token and no user credentials.
//
// POST /api/v1/livechat/offline.message
func (s *Session) SendOfflineMessage(ctx context.Context, m OfflineMessage) (string, *rocketchat.Response, error) {
	call := s.call(http.MethodPost, "livechat/offline.message", nil)
	call.Body = m
	out, resp, err := rocketchat.Do[struct {
		Message string `json:"message"`
	}](ctx, s.client, call)
	if err != nil {
		return "", resp, err
	}
	return out.Message, resp, nil
}

type transcriptBody struct {
	Token  string `json:"token"`
	RoomID string `json:"rid"`
	Email  string `json:"email"`
}

// EmailTranscript e-mails the conversation's transcript to the address
// now, and returns the server's confirmation. The room may be closed.
// Limited to 5 calls a minute. (An agent's
// [omnichannel.RoomsService.RequestTranscript] asks instead for a
// transcript to be sent when the room closes.)
//
// It sends the visitor's token and no user credentials.
//
// Errors: rocketchat.ErrInvalidRoom, ErrInvalidVisitor (not the visitor's
// room); a failure to send is an error with the server's sentence.
//
// POST /api/v1/livechat/transcript
func (s *Session) EmailTranscript(ctx context.Context, roomID, email string) (string, *rocketchat.Response, error) {
	if roomID == "" {
		return "", nil, endpoint.Required("roomID")
	}
	if email == "" {
		return "", nil, endpoint.Required("email")
	}
	call := s.call(http.MethodPost, "livechat/transcript", nil)
	call.Body = transcriptBody{Token: string(s.token), RoomID: roomID, Email: email}
	out, resp, err := rocketchat.Do[struct {
		Message string `json:"message"`
	}](ctx, s.client, call)
	if err != nil {
		return "", resp, err
	}
	return out.Message, resp, nil
}

// SurveyAnswer is one answer to the satisfaction survey: an item of
// WidgetConfig.Survey (satisfaction, agentKnowledge, agentResposiveness,
// agentFriendliness) with a value from "1" to "5", or additionalFeedback
// with any text.
type SurveyAnswer struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

type surveyBody struct {
	Token  string         `json:"token"`
	RoomID string         `json:"rid"`
	Data   []SurveyAnswer `json:"data"`
}

// Survey stores the visitor's survey answers on a room of theirs and
// returns those the server accepted, by name; it drops the others.
//
// It sends the visitor's token and no user credentials.
//
// Errors: ErrInvalidToken, rocketchat.ErrInvalidRoom, ErrInvalidSurvey
// (none accepted).
//
// POST /api/v1/livechat/room.survey
func (s *Session) Survey(ctx context.Context, roomID string, answers []SurveyAnswer) (map[string]string, *rocketchat.Response, error) {
	if roomID == "" {
		return nil, nil, endpoint.Required("roomID")
	}
	if len(answers) == 0 {
		return nil, nil, endpoint.Required("answers")
	}
	call := s.call(http.MethodPost, "livechat/room.survey", nil)
	call.Body = surveyBody{Token: string(s.token), RoomID: roomID, Data: answers}
	out, resp, err := rocketchat.Do[struct {
		Data map[string]string `json:"data"`
	}](ctx, s.client, call)
	if err != nil {
		return nil, resp, err
	}
	return out.Data, resp, nil
}
