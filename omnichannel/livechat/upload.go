package livechat

import (
	"context"
	"io"
	"mime"
	"net/http"
	"path"
	"strings"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/models"
	"github.com/rocketchat-go/rocketchat/omnichannel/internal/endpoint"
)

// File is a file to upload.
type File struct {
	// Name is the file's name, shown to agents.
	Name string
	// ContentType is its media type; empty guesses it from Name's
	// extension, else application/octet-stream. The server refuses types
	// its settings do not allow.
	ContentType string
	// Content is the file. An io.Seeker (an *os.File, a *bytes.Reader) can
	// be sent again after a 429; any other reader is sent once.
	Content io.Reader
	// Description goes with the file's attachment.
	Description string
	// Message is the text of the message that carries the file.
	Message string
}

// Upload sends a file as the visitor's message in an open room of theirs,
// and returns the message. An upload is not retried after an ambiguous
// failure: unlike Send, it could post the file twice.
//
// It sends the visitor's token and no user credentials.
//
// Errors: ErrFileTooLarge, ErrFileTypeNotAllowed, ErrFileUploadDisabled,
// rocketchat.ErrForbidden (the token or the room is not one the server
// knows as the visitor's open room).
//
// POST /api/v1/livechat/upload/{rid}
func (s *Session) Upload(ctx context.Context, roomID string, f File) (*models.Message, *rocketchat.Response, error) {
	switch {
	case roomID == "":
		return nil, nil, endpoint.Required("roomID")
	case f.Name == "":
		return nil, nil, endpoint.Required("File.Name")
	case f.Content == nil:
		return nil, nil, endpoint.Required("File.Content")
	}
	ct := f.ContentType
	if ct == "" {
		// Without its parameters (charset): servers match the bare type
		// against their allowed types.
		ct, _, _ = strings.Cut(mime.TypeByExtension(path.Ext(f.Name)), ";")
	}
	var fields []rocketchat.FormField
	if f.Description != "" {
		fields = append(fields, rocketchat.FormField{Name: "description", Value: f.Description})
	}
	if f.Message != "" {
		fields = append(fields, rocketchat.FormField{Name: "msg", Value: f.Message})
	}
	call := s.call(http.MethodPost, "livechat/upload/{rid}", []string{roomID})
	call.Header = http.Header{"X-Visitor-Token": {string(s.token)}}
	call.Multipart = &rocketchat.Multipart{Fields: fields, FileField: "file", FileName: f.Name, ContentType: ct, File: f.Content}
	m, resp, err := rocketchat.DoDocument[models.Message](ctx, s.client, call)
	if err == nil && m.ID == "" {
		return nil, resp, endpoint.Missing(call, "_id")
	}
	return m, resp, err
}
