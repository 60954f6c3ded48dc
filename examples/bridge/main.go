// Command bridge plays a livechat visitor from the terminal, as a bridge
// from another chat service (WhatsApp, Telegram, SMS, a game) would: it
// registers the visitor, opens a conversation, sends each line read from
// stdin as the visitor's message and prints the agents' replies, then
// closes the conversation at the end of the input.
//
// With no environment it starts the built-in fake server (package
// rocketchattest), where a simulated agent answers. With no input on stdin
// (stdin not a terminal and empty, or /dev/null), it plays a short
// scripted conversation. To talk to a real server's agents, set:
//
//	ROCKETCHAT_URL        e.g. https://chat.example.com
//	LIVECHAT_TOKEN        optional: the visitor's token, to come back as the
//	                      same visitor
//	LIVECHAT_NAME         optional: the visitor's name
//	LIVECHAT_DEPARTMENT   optional: a department's name or id
//
// No user credentials: the visitor's side is anonymous, known by the token.
// The token is a secret, never printed: without LIVECHAT_TOKEN the bridge
// reads it from the -token-file of an earlier run, or makes a new one and
// writes it there, readable by you only, so that the next run comes back as
// the same visitor.
//
// Usage:
//
//	go run ./examples/bridge [-wait 20s] [-token-file livechat-token]
package main

import (
	"bufio"
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"slices"
	"strings"
	"time"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/internal/exampleenv"
	"github.com/rocketchat-go/rocketchat/models"
	"github.com/rocketchat-go/rocketchat/omnichannel/livechat"
)

func main() {
	wait := flag.Duration("wait", 20*time.Second, "how long to wait for a reply to each line")
	tokenFile := flag.String("token-file", "livechat-token", "where the visitor's token is kept, without LIVECHAT_TOKEN (a real server only)")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Stdin, *wait, *tokenFile); err != nil {
		fmt.Fprintln(os.Stderr, "bridge:", err)
		os.Exit(1)
	}
}

// script is the conversation played when stdin brings nothing.
var script = []string{"Hi! Do you ship to Lisbon?", "How long does it take?", "Thanks, bye!"}

// agentReply is the simulated agent of the fake server.
func agentReply(text string) string {
	t := strings.ToLower(text)
	switch {
	case strings.Contains(t, "ship"):
		return "Yes, we ship to all of Portugal."
	case strings.Contains(t, "long"):
		return "Two to three working days."
	case strings.Contains(t, "bye"):
		return "You're welcome, have a nice day!"
	}
	return "Let me check that for you."
}

func run(ctx context.Context, stdin *os.File, wait time.Duration, tokenFile string) error {
	target, err := exampleenv.ConnectVisitor(nil, agentReply)
	if err != nil {
		return err
	}
	defer target.Close()
	token := rocketchat.Secret(os.Getenv("LIVECHAT_TOKEN"))
	switch {
	case token != "":
	case target.Server != nil:
		token = livechat.NewToken() // a new visitor on the fake server
	default:
		if token, err = keptToken(tokenFile, os.Stderr); err != nil {
			return err
		}
	}
	if target.Server != nil {
		wait = 0 // the simulated agent answers at once
	}
	s, err := livechat.NewSession(target.Client, token)
	if err != nil {
		return err
	}
	reg := &livechat.RegisterOptions{Name: cmp.Or(os.Getenv("LIVECHAT_NAME"), "Bridge visitor"), Department: os.Getenv("LIVECHAT_DEPARTMENT")}
	if _, _, err := s.Register(ctx, reg); err != nil {
		return err
	}
	room, _, err := s.Room(ctx, nil)
	if errors.Is(err, livechat.ErrNoAgentOnline) {
		return errors.New("no agent is online; try later, or leave an offline message")
	} else if err != nil {
		return err
	}
	b := &bridge{s: s, rid: room.Room.ID, seen: map[string]bool{}, wait: wait}
	fmt.Fprintf(os.Stderr, "connected to %s, conversation %s\n", target.Client.BaseURL(), b.rid)
	lines := readLines(stdin)
	for line := range lines.All {
		if err := b.say(ctx, line); err != nil {
			return err
		}
	}
	if !lines.any {
		for _, line := range script {
			fmt.Println("you:", line)
			if err := b.say(ctx, line); err != nil {
				return err
			}
		}
	}
	if _, _, err := s.Close(ctx, b.rid); err != nil && !errors.Is(err, rocketchat.ErrRoomClosed) {
		return err
	}
	fmt.Fprintln(os.Stderr, "conversation closed")
	return nil
}

// keptToken returns the visitor's token kept in file by an earlier run, or
// makes a new one and keeps it there, readable by the user only. It says
// where the token is on log, never what it is.
func keptToken(file string, log io.Writer) (rocketchat.Secret, error) {
	b, err := os.ReadFile(file)
	if err == nil {
		if t := strings.TrimSpace(string(b)); t != "" {
			fmt.Fprintf(log, "coming back as the visitor whose token is in %s\n", file)
			return rocketchat.Secret(t), nil
		}
		return "", fmt.Errorf("%s holds no token", file)
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return "", err
	}
	token := livechat.NewToken()
	f, err := os.OpenFile(file, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return "", err
	}
	if _, err := fmt.Fprintln(f, string(token)); err != nil {
		f.Close()
		return "", err
	}
	if err := f.Close(); err != nil {
		return "", err
	}
	fmt.Fprintf(log, "a new visitor; the token is in %s (readable by you only): run again to come back as the same visitor\n", file)
	return token, nil
}

// bridge relays one conversation.
type bridge struct {
	s    *livechat.Session
	rid  string
	seen map[string]bool // messages printed or sent
	wait time.Duration
}

// say sends a line and prints the replies that come within the wait.
func (b *bridge) say(ctx context.Context, line string) error {
	m, _, err := b.s.Send(ctx, b.rid, line)
	if err != nil {
		return err
	}
	b.seen[m.ID] = true
	deadline := time.Now().Add(b.wait)
	for {
		n, err := b.printReplies(ctx)
		if err != nil || n > 0 || !time.Now().Before(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(3 * time.Second):
		}
	}
}

// printReplies prints the agents' messages not printed yet, oldest first.
func (b *bridge) printReplies(ctx context.Context) (int, error) {
	page, _, err := b.s.History(ctx, b.rid, nil) // the newest 20
	if err != nil {
		return 0, err
	}
	var replies []*models.Message
	for _, m := range page {
		if !b.seen[m.ID] && m.Type == "" && m.Token == "" { // an agent's, not a system message
			replies = append(replies, m)
		}
		b.seen[m.ID] = true
	}
	slices.Reverse(replies)
	for _, m := range replies {
		fmt.Printf("%s: %s\n", cmp.Or(m.User.Name, m.User.Username), m.Text)
	}
	return len(replies), nil
}

// lineReader yields stdin's lines, and tells whether there was any.
type lineReader struct {
	r   io.Reader
	any bool
}

func readLines(f *os.File) *lineReader {
	if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 && isTerminal(f) {
		fmt.Fprintln(os.Stderr, "type a message and press enter; end with Ctrl-D")
	}
	return &lineReader{r: f}
}

// isTerminal reports whether f is a terminal rather than /dev/null, which
// is a character device too.
func isTerminal(f *os.File) bool {
	null, err := os.Stat(os.DevNull)
	fi, err2 := f.Stat()
	return err != nil || err2 != nil || !os.SameFile(null, fi)
}

// All yields the non-empty lines.
func (l *lineReader) All(yield func(string) bool) {
	sc := bufio.NewScanner(l.r)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		l.any = true
		if !yield(line) {
			return
		}
	}
}
