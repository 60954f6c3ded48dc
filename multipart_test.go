package rocketchat_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/jarcoal/httpmock"

	rocketchat "github.com/rocketchat-go/rocketchat"
)

// upload is what a server read from a multipart request.
type upload struct {
	fields                      []string // name=value, in order
	field, name, ctype, content string
	length                      int64
}

func readUpload(req *http.Request) (upload, error) {
	var up upload
	mt, params, err := mime.ParseMediaType(req.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/form-data" {
		return up, errors.New("not multipart: " + req.Header.Get("Content-Type"))
	}
	up.length = req.ContentLength
	r := multipart.NewReader(req.Body, params["boundary"])
	for {
		p, err := r.NextPart()
		if err == io.EOF {
			return up, nil
		}
		if err != nil {
			return up, err
		}
		b, err := io.ReadAll(p)
		if err != nil {
			return up, err
		}
		if p.FileName() == "" {
			up.fields = append(up.fields, p.FormName()+"="+string(b))
			continue
		}
		up.field, up.name, up.ctype, up.content = p.FormName(), p.FileName(), p.Header.Get("Content-Type"), string(b)
	}
}

// uploads records each attempt's upload and answers with the responders in
// turn, repeating the last.
func uploads(answers ...httpmock.Responder) (httpmock.Responder, *[]upload) {
	var got []upload
	return func(req *http.Request) (*http.Response, error) {
		up, err := readUpload(req)
		if err != nil {
			return nil, err
		}
		got = append(got, up)
		return answers[min(len(got), len(answers))-1](req)
	}, &got
}

func uploadCall(file io.Reader) rocketchat.Call {
	return rocketchat.Call{Method: "POST", Route: "livechat/upload/{rid}", Params: []string{"r1"}, Multipart: &rocketchat.Multipart{
		Fields:    []rocketchat.FormField{{Name: "description", Value: "a \"receipt\""}, {Name: "msg", Value: "here"}},
		FileField: "file", FileName: `rec"eipt.png`, ContentType: "image/png", File: file,
	}}
}

func TestMultipartBodyIsWhatAServerReads(t *testing.T) {
	c, mt := newMockClient(t)
	responder, got := uploads(jsonResponder(200, `{"success":true}`))
	mt.RegisterNoResponder(responder)
	content := strings.Repeat("\x89PNG-bytes-", 1000)
	if _, _, err := rocketchat.Do[struct{}](context.Background(), c, uploadCall(strings.NewReader(content))); err != nil {
		t.Fatal(err)
	}
	if len(*got) != 1 {
		t.Fatalf("%d attempts", len(*got))
	}
	up := (*got)[0]
	if strings.Join(up.fields, "&") != `description=a "receipt"&msg=here` {
		t.Errorf("fields %q", up.fields)
	}
	if up.field != "file" || up.name != `rec"eipt.png` || up.ctype != "image/png" || up.content != content {
		t.Errorf("file part: field %q name %q type %q, %d bytes", up.field, up.name, up.ctype, len(up.content))
	}
	if up.length <= int64(len(content)) {
		t.Errorf("Content-Length %d; want the whole body's length, known from the reader", up.length)
	}
}

// A file that can be rewound is sent whole on every attempt, from where it
// stood when the call began.
func TestMultipartWithASeekableFileIsRetriedWhole(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, mt := newMockClient(t, rocketchat.WithRetries(3, time.Second, time.Second))
		responder, got := uploads(jsonResponder(503, `{"success":false}`), jsonResponder(503, `{"success":false}`), jsonResponder(429, `{"success":false}`), jsonResponder(200, `{"success":true}`))
		mt.RegisterNoResponder(responder)
		file := bytes.NewReader([]byte("skip:the-file-content"))
		file.Seek(5, io.SeekStart)
		call := uploadCall(file)
		call.Idempotent = true // 503 on a POST is retried only for such calls
		if _, _, err := rocketchat.Do[struct{}](context.Background(), c, call); err != nil {
			t.Fatal(err)
		}
		if len(*got) != 4 {
			t.Fatalf("%d attempts, want 4", len(*got))
		}
		for i, up := range *got {
			if up.content != "the-file-content" {
				t.Errorf("attempt %d sent %q", i+1, up.content)
			}
		}
	})
}

// onlyReader hides every method but Read: a stream that cannot be rewound.
type onlyReader struct{ r io.Reader }

func (o onlyReader) Read(p []byte) (int, error) { return o.r.Read(p) }

func TestMultipartWithAStreamIsSentOnce(t *testing.T) {
	for _, status := range []int{429, 503} {
		synctest.Test(t, func(t *testing.T) {
			c, mt := newMockClient(t, rocketchat.WithRetries(3, time.Second, time.Second), rocketchat.WithRetryNonIdempotent())
			responder, got := uploads(jsonResponder(status, `{"success":false}`), jsonResponder(200, `{"success":true}`))
			mt.RegisterNoResponder(responder)
			_, resp, err := rocketchat.Do[struct{}](context.Background(), c, uploadCall(onlyReader{strings.NewReader("stream")}))
			if err == nil || resp == nil || resp.StatusCode != status {
				t.Fatalf("err %v; want the %d answer", err, status)
			}
			if len(*got) != 1 || (*got)[0].content != "stream" || (*got)[0].length != -1 {
				t.Fatalf("attempts %+v; want one, whole, of unknown length", *got)
			}
		})
	}
}

func TestMultipartNeedsAFile(t *testing.T) {
	c, mt := newMockClient(t)
	call := uploadCall(nil)
	if _, _, err := rocketchat.Do[struct{}](context.Background(), c, call); !errors.Is(err, rocketchat.ErrInvalidArgument) {
		t.Fatalf("err %v, want ErrInvalidArgument", err)
	}
	if mt.GetTotalCallCount() != 0 {
		t.Fatal("a call without a file was sent")
	}
}

// A file name cannot add headers to its part: line breaks in it are
// percent-encoded, as mime/multipart does, so the part keeps its one
// Content-Type.
func TestMultipartFileNameCannotInjectHeaders(t *testing.T) {
	c, mt := newMockClient(t)
	responder, got := uploads(jsonResponder(200, `{"success":true}`))
	mt.RegisterNoResponder(responder)
	call := uploadCall(strings.NewReader("content"))
	call.Multipart.FileName = "a.png\r\nContent-Type: text/html\r\n\r\n<script>"
	if _, _, err := rocketchat.Do[struct{}](context.Background(), c, call); err != nil {
		t.Fatal(err)
	}
	if len(*got) != 1 {
		t.Fatalf("%d attempts", len(*got))
	}
	up := (*got)[0]
	if up.ctype != "image/png" || up.content != "content" || strings.ContainsAny(up.name, "\r\n") {
		t.Fatalf("file part: name %q type %q content %q; the name added a header", up.name, up.ctype, up.content)
	}
}

// Control characters in the part's content type or in a field name are
// refused before anything is sent.
func TestMultipartRefusesControlCharacters(t *testing.T) {
	cases := map[string]func(*rocketchat.Multipart){
		"content type": func(m *rocketchat.Multipart) { m.ContentType = "image/png\r\nX-Injected: 1" },
		"file field":   func(m *rocketchat.Multipart) { m.FileField = "file\x00" },
		"text field":   func(m *rocketchat.Multipart) { m.Fields[0].Name = "desc\nription" },
	}
	for name, spoil := range cases {
		t.Run(name, func(t *testing.T) {
			c, mt := newMockClient(t)
			call := uploadCall(strings.NewReader("content"))
			spoil(call.Multipart)
			if _, _, err := rocketchat.Do[struct{}](context.Background(), c, call); !errors.Is(err, rocketchat.ErrInvalidArgument) {
				t.Fatalf("err %v, want ErrInvalidArgument", err)
			}
			if mt.GetTotalCallCount() != 0 {
				t.Fatal("the call was sent")
			}
		})
	}
}
