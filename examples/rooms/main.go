// Command rooms lists the conversations closed in the last days, with the
// number each agent closed and how long they lasted, and prints a
// conversation's transcript.
//
// With no environment it starts the built-in fake server (package
// rocketchattest) and seeds the conversations of many visitors, ending now,
// enough to take several pages under the default rate limit (its window
// shortened to two seconds). To read from a real server, set ROCKETCHAT_URL
// and the credentials as for examples/chathistory:
//
//	ROCKETCHAT_URL          e.g. https://chat.example.com
//	ROCKETCHAT_USER_ID and ROCKETCHAT_TOKEN (a login or personal access token),
//	  or ROCKETCHAT_USER and ROCKETCHAT_PASSWORD (and ROCKETCHAT_2FA_CODE if asked)
//
// Listing every agent's rooms needs view-livechat-rooms (managers,
// monitors, admins); an agent lists their own with -mine.
//
// Usage:
//
//	go run ./examples/rooms [-days 7] [-department ID] [-tag TAG] [-mine] [-rows 10] [-v]
//	go run ./examples/rooms -transcript ROOMID
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"time"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/examples/internal/exampleenv"
	"github.com/rocketchat-go/rocketchat/models"
	"github.com/rocketchat-go/rocketchat/omnichannel"
)

type config struct {
	days       int
	department string
	tag        string
	mine       bool
	rows       int
	transcript string
	verbose    bool
}

func main() {
	var cfg config
	flag.IntVar(&cfg.days, "days", 7, "list the conversations closed in this many last days")
	flag.StringVar(&cfg.department, "department", "", "only this department's conversations (its id)")
	flag.StringVar(&cfg.tag, "tag", "", "only the conversations with this tag")
	flag.BoolVar(&cfg.mine, "mine", false, "only the conversations you served (all an agent may list)")
	flag.IntVar(&cfg.rows, "rows", 10, "print at most this many conversations (0: all)")
	flag.StringVar(&cfg.transcript, "transcript", "", "print the transcript of this room instead")
	flag.BoolVar(&cfg.verbose, "v", false, "log each request to stderr")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, cfg); err != nil {
		fmt.Fprintln(os.Stderr, "rooms:", err)
		if errors.Is(err, rocketchat.ErrForbidden) {
			fmt.Fprintln(os.Stderr, "listing every agent's rooms needs view-livechat-rooms; an agent may list their own with -mine")
		}
		os.Exit(1)
	}
}

func run(ctx context.Context, cfg config) error {
	opts := []rocketchat.Option{rocketchat.WithWaitObserver(exampleenv.ShowWait)}
	if cfg.verbose {
		opts = append(opts, rocketchat.WithLogger(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	}
	target, err := exampleenv.ConnectRooms(ctx, opts)
	if err != nil {
		return err
	}
	defer target.Close()
	oc := omnichannel.New(target.Client)
	if cfg.transcript != "" {
		return printTranscript(ctx, os.Stdout, oc.Rooms, cfg.transcript)
	}
	rooms, err := closedRooms(ctx, oc.Rooms, cfg)
	if err != nil {
		return err
	}
	printRooms(os.Stdout, rooms, cfg.rows)
	printAgents(os.Stdout, rooms)
	if len(rooms) > 0 {
		fmt.Printf("\ntranscript of the latest: go run ./examples/rooms -transcript %s\n", rooms[0].ID)
	}
	return nil
}

// closedRooms returns the conversations closed in the last cfg.days days,
// the most recently closed first.
func closedRooms(ctx context.Context, rooms *omnichannel.RoomsService, cfg config) ([]*models.Room, error) {
	opts := &omnichannel.RoomsOptions{
		ClosedAt: omnichannel.DateRange{Start: time.Now().AddDate(0, 0, -cfg.days)},
		Open:     new(false),
		Mine:     cfg.mine,
		Sort:     rocketchat.Sort{{Field: "closedAt", Order: rocketchat.Desc}},
	}
	if cfg.department != "" {
		opts.Departments = []string{cfg.department}
	}
	if cfg.tag != "" {
		opts.Tags = []string{cfg.tag}
	}
	var out []*models.Room
	for room, err := range rooms.ListAll(ctx, opts) {
		if err != nil {
			return nil, err
		}
		out = append(out, room)
	}
	return out, nil
}
