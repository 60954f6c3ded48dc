package models_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	jsonv2 "github.com/go-json-experiment/json"

	"github.com/rocketchat-go/rocketchat/internal/jsonx"
	"github.com/rocketchat-go/rocketchat/models"
)

// A visitor token never shows when a model is printed or logged, and JSON
// carries its real value both ways.
func TestVisitorTokensPrintRedacted(t *testing.T) {
	const tok = "vtok-3c1d-never-print"
	in := `{"_id":"v1","token":"` + tok + `"}`
	var v models.Visitor
	if err := jsonx.Unmarshal([]byte(in), &v); err != nil {
		t.Fatal(err)
	}
	if string(v.Token) != tok {
		t.Fatalf("decoded token %q", string(v.Token))
	}
	room := models.Room{ID: "r1", Visitor: models.RoomVisitor{ID: "v1", Token: v.Token}}
	msg := models.Message{ID: "m1", Token: v.Token, Navigation: &models.Navigation{Token: v.Token,
		Page: models.NavigationPage{Token: v.Token}}}
	var out bytes.Buffer
	for _, x := range []any{v, &v, room, &room, msg, &msg} {
		for _, verb := range []string{"%v", "%+v", "%#v"} {
			fmt.Fprintf(&out, verb+"\n", x)
		}
	}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%10s"} {
		fmt.Fprintf(&out, verb+"\n", v.Token)
	}
	fmt.Fprintln(&out, v.Token, v.Token.String(), v.Token.GoString())
	logger := slog.New(slog.NewTextHandler(&out, nil))
	logger.Info("visitor", "visitor", v, "room", room, "message", msg, "token", v.Token)
	if strings.Contains(out.String(), tok) {
		t.Errorf("the token shows:\n%s", out.String())
	}
	if !strings.Contains(out.String(), "[REDACTED]") {
		t.Errorf("no [REDACTED] in:\n%s", out.String())
	}
	for name, marshal := range map[string]func(any) ([]byte, error){
		"encoding/json": json.Marshal, "json/v2": func(x any) ([]byte, error) { return jsonv2.Marshal(x) },
	} {
		b, err := marshal(v)
		if err != nil || !strings.Contains(string(b), `"token":"`+tok+`"`) {
			t.Errorf("%s: %s, %v; want the real token", name, b, err)
		}
	}
}
