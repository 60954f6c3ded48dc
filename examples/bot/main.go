// Command bot is an Omnichannel agent that works by itself: it makes
// itself available, takes the conversations waiting in its queue, greets
// the visitor, answers one keyword (opening hours), tags the room and
// closes it.
//
// With no environment it starts the built-in fake server (package
// rocketchattest), where simulated visitors open conversations for the bot
// to take, and prints each conversation as the server stored it. To run
// against a real server, set:
//
//	ROCKETCHAT_URL          e.g. https://chat.example.com
//	ROCKETCHAT_USER_ID and ROCKETCHAT_TOKEN (a login or personal access token),
//	  or ROCKETCHAT_USER and ROCKETCHAT_PASSWORD (and ROCKETCHAT_2FA_CODE if asked)
//
// The user must be a livechat agent. The bot then polls its queue until
// interrupted (Ctrl-C), or, with -once, until the queue is empty, and makes
// itself not available as it stops. A conversation it took but could not
// answer is reported, so that a person takes it over.
//
// Usage:
//
//	go run ./examples/bot [-once] [-poll 5s]
package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"time"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/internal/exampleenv"
	"github.com/rocketchat-go/rocketchat/models"
	"github.com/rocketchat-go/rocketchat/omnichannel"
	"github.com/rocketchat-go/rocketchat/rocketchattest"
)

func main() {
	once := flag.Bool("once", false, "stop when the queue is empty")
	poll := flag.Duration("poll", 5*time.Second, "how often to look at the queue")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	_, err := run(ctx, *once, *poll)
	msg, failed := outcome(ctx, err)
	if msg != "" {
		fmt.Fprintln(os.Stderr, "bot:", msg)
	}
	if failed {
		os.Exit(1)
	}
}

// outcome says how a run that ended with err went: an interruption (ctx
// ended) is not a failure, unless it left a conversation taken and
// unanswered.
func outcome(ctx context.Context, err error) (msg string, failed bool) {
	var stranded *strandedError
	switch {
	case err == nil:
		return "", false
	case !errors.As(err, &stranded) && ctx.Err() != nil && errors.Is(err, ctx.Err()):
		return "interrupted", false
	}
	return err.Error(), true
}

// strandedError is a conversation the bot took and then failed to answer
// or close: it is the bot's, and nobody else will take it from the queue.
type strandedError struct {
	RoomID, Visitor string
	Err             error
}

func (e *strandedError) Error() string {
	return fmt.Sprintf("the conversation of %s (room %s) was taken but not finished; hand it to a person: %v", e.Visitor, e.RoomID, e.Err)
}

func (e *strandedError) Unwrap() error { return e.Err }

// visitors are the simulated visitors who write in on the fake server.
var visitors = []struct{ name, text string }{
	{"Maria Souza", "Hello! What are your opening hours?"},
	{"John Carter", "Hi, is my order on its way?"},
}

// run serves the queue and returns how many conversations it served.
func run(ctx context.Context, once bool, poll time.Duration) (int, error) {
	target, err := exampleenv.Connect(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer target.Close()
	var rooms []string // the simulated visitors' rooms
	if srv := target.Server; srv != nil {
		once, poll = true, 100*time.Millisecond // the simulated visitors are all in the queue
		for i, v := range visitors {
			r, err := srv.OpenChat(rocketchattest.Guest{Token: fmt.Sprintf("visitor-%d", i+1), Name: v.name}, v.text)
			if err != nil {
				return 0, err
			}
			rooms = append(rooms, r.ID)
		}
	}
	oc := omnichannel.New(target.Client)
	fmt.Fprintf(os.Stderr, "the bot works on %s\n", target.Client.BaseURL())
	total, err := work(ctx, oc, once, poll)
	if srv := target.Server; srv != nil && err == nil {
		printConversations(srv, rooms)
	}
	return total, err
}

// work makes the bot available, serves the queue until ctx ends (or, when
// once, until it is empty), and makes the bot not available again as it
// stops, however it stops. It returns how many conversations it served.
func work(ctx context.Context, oc *omnichannel.Service, once bool, poll time.Duration) (int, error) {
	if _, _, err := oc.Agents.SetStatus(ctx, models.AgentAvailable); err != nil {
		return 0, fmt.Errorf("making the bot available (is the user a livechat agent?): %w", err)
	}
	defer func() {
		// The caller's context may be over (Ctrl-C): this last call gets
		// its own few seconds.
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		if _, _, err := oc.Agents.SetStatus(ctx, models.AgentNotAvailable); err != nil {
			fmt.Fprintln(os.Stderr, "bot: could not make the bot not available:", err)
		}
	}()
	total := 0
	for {
		served, err := serveQueue(ctx, oc)
		total += served
		if err != nil {
			return total, err
		}
		if once && served == 0 {
			return total, nil
		}
		select {
		case <-ctx.Done():
			return total, nil
		case <-time.After(poll):
		}
	}
}

// serveQueue serves every conversation waiting for the bot and returns
// how many it served.
func serveQueue(ctx context.Context, oc *omnichannel.Service) (int, error) {
	served := 0
	for inq, err := range oc.Inquiries.QueuedForUserAll(ctx, nil) {
		if err != nil {
			return served, err
		}
		err := serve(ctx, oc, inq)
		switch {
		case errors.Is(err, omnichannel.ErrInquiryTaken), errors.Is(err, rocketchat.ErrRoomClosed):
			continue // another agent was quicker, or the visitor left
		case err != nil:
			return served, err
		}
		served++
	}
	return served, nil
}

// serve takes one conversation, answers and closes it.
func serve(ctx context.Context, oc *omnichannel.Service, inq *models.Inquiry) error {
	question := inq.Message
	if inq.LastMessage != nil {
		question = inq.LastMessage.Text
	}
	fmt.Printf("taking %s's conversation: %q\n", inq.Name, question)
	if _, err := oc.Inquiries.Take(ctx, inq.ID, &omnichannel.TakeOptions{ClientAction: true}); err != nil {
		return err
	}
	if err := answer(ctx, oc, inq, question); err != nil {
		return &strandedError{RoomID: inq.RoomID, Visitor: inq.Name, Err: err}
	}
	return nil
}

// answer answers a conversation the bot took, tags and closes it.
func answer(ctx context.Context, oc *omnichannel.Service, inq *models.Inquiry, question string) error {
	say := func(text string) error {
		_, _, err := oc.Rooms.Send(ctx, inq.RoomID, text)
		return err
	}
	if err := say("Hello " + firstName(inq.Name) + ", this is the opening-hours bot."); err != nil {
		return err
	}
	tag, comment := "unanswered", "handed over: not a question the bot knows"
	if strings.Contains(strings.ToLower(question), "hours") {
		tag, comment = "opening-hours", "answered by the bot"
		if err := say("We are open Monday to Friday, 9:00 to 18:00."); err != nil {
			return err
		}
	} else if err := say("I only know our opening hours; please write to us again and a person will answer."); err != nil {
		return err
	}
	_, err := oc.Rooms.Close(ctx, inq.RoomID, &omnichannel.CloseOptions{Comment: comment, Tags: []string{"bot", tag}})
	if err == nil {
		fmt.Printf("closed %s's conversation with the tags bot and %s\n", inq.Name, tag)
	}
	return err
}

func firstName(name string) string {
	first, _, _ := strings.Cut(name, " ")
	return first
}

// printConversations prints the conversations as the fake server stored
// them, to show what the visitors saw.
func printConversations(srv *rocketchattest.Server, rooms []string) {
	for _, id := range rooms {
		r, ok := srv.ChatRoom(id)
		if !ok {
			continue
		}
		fmt.Printf("\n%s (closed: %v, tags %v)\n", r.FName, !r.Open, r.Tags)
		for _, m := range srv.RoomMessages(r.ID) {
			switch m.Type {
			case "":
				fmt.Printf("  %-13s %s\n", cmp.Or(m.Alias, m.User.Username)+":", m.Text)
			case "livechat-close":
				fmt.Printf("  (closed by %s: %s)\n", m.User.Username, m.Text)
			}
		}
	}
}
