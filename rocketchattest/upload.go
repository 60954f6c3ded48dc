package rocketchattest

import (
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/rocketchat-go/rocketchat/models"
)

// RouteWidgetUpload is the route a visitor uploads a file with.
const RouteWidgetUpload = "POST /api/v1/livechat/upload/{rid}"

var uploadRoutes = []*route{newRoute(RouteWidgetUpload, (*Server).widgetUpload)}

// Upload is a file a visitor uploaded, as [Server.Uploads] lists them.
type Upload struct {
	RoomID, MessageID, Name, Type, Description string
	Size                                       int64
}

// Uploads returns the files visitors uploaded, oldest first.
func (s *Server) Uploads() []Upload {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.omni.uploads)
}

// reasonFailure is API.v1.failure({reason}): no error member.
func reasonFailure(reason string) *response {
	return jsonResponse(http.StatusBadRequest, struct {
		Reason  string `json:"reason"`
		Success bool   `json:"success"`
	}{reason, false})
}

// parsedUpload is a multipart body read as MultipartUploadHandler reads it.
type parsedUpload struct {
	name, mimeType string
	size           int64
	fields         map[string]string
}

// widgetUpload serves POST livechat/upload/{rid}: the visitor's token in
// x-visitor-token, a multipart body with the file in the field "file" and
// optional description and msg fields. The file becomes a message of the
// visitor's open room.
func (s *Server) widgetUpload(c *call) *response {
	token := c.r.Header.Get("X-Visitor-Token")
	if token == "" {
		return unauthorized()
	}
	s.mu.Lock()
	enabled := s.settingBool("Livechat_fileupload_enabled") && s.settingBool("FileUpload_Enabled")
	g := s.guestLocked(token)
	r := s.visitorRoomLocked(token, c.params["rid"])
	maxSize := s.settingNumber("FileUpload_MaxFileSize")
	s.mu.Unlock()
	switch {
	case !enabled:
		return reasonFailure("error-file-upload-disabled")
	case g == nil || r == nil || !r.Open:
		return unauthorized()
	}
	if maxSize == 0 {
		maxSize = 104857600
	}
	up, resp := parseUpload(c.r, int64(maxSize))
	if resp != nil {
		return resp
	}
	s.mu.Lock()
	defer s.unlockReplying()
	// The room may have closed or gone while the body was read.
	g, r = s.guestLocked(token), s.visitorRoomLocked(token, c.params["rid"])
	if g == nil || r == nil || !r.Open {
		return unauthorized()
	}
	if !s.contentTypeAllowedLocked(up.mimeType) {
		return reasonFailure("error-type-not-allowed")
	}
	for k := range up.fields {
		if k != "description" && k != "msg" {
			return failure("Match error: Unknown key in field "+k, "", nil)
		}
	}
	return s.fileMessageLocked(r, g, up, nowMillis(c.now))
}

// parseUpload reads the multipart body: one file, in the field "file", of
// at most maxSize bytes (-1: no limit), and text fields.
func parseUpload(r *http.Request, maxSize int64) (*parsedUpload, *response) {
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, meteorFailure("error-upload-failed", err.Error(), nil)
	}
	up := &parsedUpload{fields: map[string]string{}}
	files := 0
	for {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, meteorFailure("error-upload-failed", err.Error(), nil)
		}
		if p.FileName() == "" {
			b, _ := io.ReadAll(io.LimitReader(p, 1<<20))
			up.fields[p.FormName()] = string(b)
			continue
		}
		if files++; files > 1 {
			return nil, meteorFailure("error-too-many-files", "Too many files in upload", nil)
		}
		if p.FormName() != "file" {
			return nil, meteorFailure("invalid-field", "", nil)
		}
		if resp := readFilePart(p, maxSize, up); resp != nil {
			return nil, resp
		}
	}
	if files == 0 {
		return nil, meteorFailure("error-no-file", "No file uploaded", nil)
	}
	return up, nil
}

func readFilePart(p *multipart.Part, maxSize int64, up *parsedUpload) *response {
	limit := int64(-1)
	if maxSize > 0 {
		limit = maxSize + 1 // busboy's limit: a file of exactly maxSize passes
	}
	var n int64
	var err error
	if limit > 0 {
		n, err = io.Copy(io.Discard, io.LimitReader(p, limit))
	} else {
		n, err = io.Copy(io.Discard, p)
	}
	if err != nil {
		return meteorFailure("error-file-upload", err.Error(), nil)
	}
	if limit > 0 && n >= limit {
		return meteorFailure("error-file-too-large", "File size exceeds the allowed limit", nil)
	}
	up.name, up.size = p.FileName(), n
	up.mimeType, _, _ = mime.ParseMediaType(p.Header.Get("Content-Type"))
	if up.mimeType == "" || up.mimeType == "application/octet-stream" {
		if t := mime.TypeByExtension(path.Ext(up.name)); t != "" {
			up.mimeType, _, _ = strings.Cut(t, ";")
		}
	}
	return nil
}

// contentTypeAllowedLocked is fileUploadIsValidContentType: not in the
// black list, and in the white list when there is one (* wildcards).
func (s *Server) contentTypeAllowedLocked(t string) bool {
	matches := func(list string) bool {
		for _, pat := range strings.Split(list, ",") {
			pat = strings.TrimSpace(pat)
			if pat == "" {
				continue
			}
			if ok, _ := path.Match(pat, t); ok || pat == t {
				return true
			}
		}
		return false
	}
	if matches(s.settingString("FileUpload_MediaTypeBlackList")) {
		return false
	}
	white := s.settingString("FileUpload_MediaTypeWhiteList")
	return strings.TrimSpace(white) == "" || matches(white)
}

// fileMessageLocked is sendFileLivechatMessage: the visitor's message with
// the file and its attachment, answered spread at the top level.
func (s *Server) fileMessageLocked(r *models.Room, g *models.Visitor, up *parsedUpload, now time.Time) *response {
	fileID := s.newIDLocked()
	file := models.File{ID: fileID, Name: up.name, Type: up.mimeType}
	att := models.Attachment{Title: up.name, Type: "file", Description: up.fields["description"],
		TitleLink: "/file-upload/" + fileID + "/" + up.name, TitleLinkDownload: true}
	switch {
	case strings.HasPrefix(up.mimeType, "image/"):
		att.ImageURL, att.ImageType, att.ImageSize = att.TitleLink, up.mimeType, float64(up.size)
	case strings.HasPrefix(up.mimeType, "audio/"):
		att.AudioURL, att.AudioType, att.AudioSize = att.TitleLink, up.mimeType, float64(up.size)
	case strings.HasPrefix(up.mimeType, "video/"):
		att.VideoURL, att.VideoType, att.VideoSize = att.TitleLink, up.mimeType, float64(up.size)
	}
	f := false
	m, _ := s.visitorMessageLocked(r, g, "", up.fields["msg"], now, func(m *models.Message) {
		m.File, m.Files, m.Attachments, m.Groupable = &file, []models.File{file}, []models.Attachment{att}, &f
	})
	s.omni.uploads = append(s.omni.uploads, Upload{RoomID: r.ID, MessageID: m.ID, Name: up.name, Type: up.mimeType,
		Description: up.fields["description"], Size: up.size})
	out := *m
	nr, show := false, s.routingLocked() == ManualSelection
	out.NewRoom, out.ShowConnecting = &nr, &show
	b, err := encodeMessage(&out)
	if err != nil {
		return statusBody(http.StatusInternalServerError)
	}
	body := append(b.raw[:len(b.raw)-1:len(b.raw)-1], []byte(`,"success":true}`)...)
	return rawJSONResponse(http.StatusOK, body)
}
