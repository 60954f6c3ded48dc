package rocketchat

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/textproto"
	"strings"
	"unicode"

	"github.com/hashicorp/go-retryablehttp"
)

// Multipart is a multipart/form-data request body: text fields, then one
// file, as upload routes take them. Set it as [Call.Multipart] instead of a
// JSON Body.
//
// The body is streamed, never held whole. A call whose File is also an
// [io.Seeker] (an *os.File, a *bytes.Reader) can be sent again: it is
// retried like any other call of its method, each attempt from the position
// File was at. Any other reader can be read only once, so such a call is
// never retried.
type Multipart struct {
	// Fields are the text fields, sent in order before the file.
	Fields []FormField
	// FileField is the file part's field name, such as "file".
	FileField string
	// FileName is the file's name, sent in the part's Content-Disposition
	// (quotes escaped and line breaks percent-encoded, as mime/multipart
	// does). Control characters in ContentType and in field names are
	// refused with [ErrInvalidArgument].
	FileName string
	// ContentType is the file's MIME type; empty sends
	// application/octet-stream.
	ContentType string
	// File is the file's content.
	File io.Reader
}

// FormField is one text field of a [Multipart] body.
type FormField struct {
	Name, Value string
}

// multipartBody is a Multipart laid out for sending: the bytes before the
// file, the file, and the closing boundary.
type multipartBody struct {
	contentType string
	head, tail  []byte
	file        io.Reader
	start       int64 // the file's position when the call began, if it seeks
	size        int64 // the file's length from start, or -1
	replayable  bool
}

func newMultipartBody(m *Multipart) (*multipartBody, error) {
	if m.File == nil || m.FileField == "" {
		return nil, fmt.Errorf("%w: a multipart body needs a file and its field name", ErrInvalidArgument)
	}
	if err := checkPartHeaders(m); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for _, f := range m.Fields {
		if err := w.WriteField(f.Name, f.Value); err != nil {
			return nil, fmt.Errorf("rocketchat: encoding multipart field %q: %w", f.Name, err)
		}
	}
	ct := m.ContentType
	if ct == "" {
		ct = "application/octet-stream"
	}
	h := make(textproto.MIMEHeader)
	h.Set("Content-Disposition", multipart.FileContentDisposition(m.FileField, m.FileName))
	h.Set("Content-Type", ct)
	if _, err := w.CreatePart(h); err != nil {
		return nil, fmt.Errorf("rocketchat: encoding multipart header: %w", err)
	}
	b := &multipartBody{contentType: w.FormDataContentType(), head: bytes.Clone(buf.Bytes()), file: m.File, size: -1}
	buf.Reset()
	if err := w.Close(); err != nil {
		return nil, err
	}
	b.tail = bytes.Clone(buf.Bytes())
	if s, ok := m.File.(io.Seeker); ok {
		start, err1 := s.Seek(0, io.SeekCurrent)
		end, err2 := s.Seek(0, io.SeekEnd)
		if _, err3 := s.Seek(start, io.SeekStart); err1 == nil && err2 == nil && err3 == nil {
			b.start, b.size, b.replayable = start, end-start, true
		}
	} else if l, ok := m.File.(interface{ Len() int }); ok {
		b.size = int64(l.Len())
	}
	return b, nil
}

// checkPartHeaders refuses control characters where they would reach a
// part's headers as they are: the file's content type and the field names.
// (The file name is escaped, line breaks included, by mime/multipart.)
func checkPartHeaders(m *Multipart) error {
	if hasControl(m.ContentType) {
		return fmt.Errorf("%w: the multipart content type contains a control character", ErrInvalidArgument)
	}
	if hasControl(m.FileField) {
		return fmt.Errorf("%w: the multipart file field name contains a control character", ErrInvalidArgument)
	}
	for _, f := range m.Fields {
		if hasControl(f.Name) {
			return fmt.Errorf("%w: multipart field name %q contains a control character", ErrInvalidArgument, f.Name)
		}
	}
	return nil
}

func hasControl(s string) bool { return strings.IndexFunc(s, unicode.IsControl) >= 0 }

// length is the body's length, or -1 when the file's is unknown.
func (b *multipartBody) length() int64 {
	if b.size < 0 {
		return -1
	}
	return int64(len(b.head)) + b.size + int64(len(b.tail))
}

// reader is the body of one attempt: the file rewound to where it started.
func (b *multipartBody) reader() (io.Reader, error) {
	if b.replayable {
		if _, err := b.file.(io.Seeker).Seek(b.start, io.SeekStart); err != nil {
			return nil, fmt.Errorf("rocketchat: rewinding the file to send it again: %w", err)
		}
	}
	return io.MultiReader(bytes.NewReader(b.head), b.file, bytes.NewReader(b.tail)), nil
}

// errNotReplayable stops a second attempt of a call whose body was read once.
var errNotReplayable = errors.New("rocketchat: the request body cannot be sent again")

// setMultipart makes req send body: through retryablehttp's body func when
// the file can be rewound, else once, straight on the request.
func setMultipart(req *retryablehttp.Request, body *multipartBody) error {
	req.Header.Set("Content-Type", body.contentType)
	if body.replayable {
		if err := req.SetBody(retryablehttp.ReaderFunc(body.reader)); err != nil {
			return err
		}
	} else {
		r, _ := body.reader()
		req.Body = io.NopCloser(r)
		req.GetBody = func() (io.ReadCloser, error) { return nil, errNotReplayable }
	}
	req.ContentLength = body.length()
	return nil
}
