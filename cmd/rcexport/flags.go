package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/rocketchat-go/rocketchat/omnichannel"
	"github.com/rocketchat-go/rocketchat/omnichannel/export"
)

// config is what the command line asks for.
type config struct {
	out         string
	selection   export.Selection
	concurrency int
	quiet       bool
	verbose     bool
}

// list is a flag that may be given several times.
type list []string

func (l *list) String() string     { return strings.Join(*l, ",") }
func (l *list) Set(v string) error { *l = append(*l, v); return nil }

// selectionFlags are the flags that choose the conversations.
type selectionFlags struct {
	days                      int
	status                    string
	closedFrom, closedTo      string
	createdFrom, createdTo    string
	departments, agents, tags list
	visitor, room, contact    string
}

// parseFlags reads the command line; now anchors -days.
func parseFlags(args []string, now time.Time) (*config, error) {
	fs := flag.NewFlagSet("rcexport", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	cfg := &config{}
	var sf selectionFlags
	fs.StringVar(&cfg.out, "o", "", "write to `FILE` and keep FILE.state to resume (default: standard output, no resume)")
	fs.IntVar(&sf.days, "days", 7, "conversations closed in the last `N` days (with -status closed)")
	fs.StringVar(&sf.status, "status", "closed", "`closed`, open or all conversations")
	fs.StringVar(&sf.closedFrom, "closed-from", "", "closed at or after `DATE` (2006-01-02 or RFC 3339), instead of -days")
	fs.StringVar(&sf.closedTo, "closed-to", "", "closed at or before `DATE`")
	fs.StringVar(&sf.createdFrom, "created-from", "", "started at or after `DATE`")
	fs.StringVar(&sf.createdTo, "created-to", "", "started at or before `DATE`")
	fs.Var(&sf.departments, "department", "of this department `ID` (repeatable)")
	fs.Var(&sf.agents, "agent", "served by this agent's user `ID` (repeatable)")
	fs.Var(&sf.tags, "tag", "tagged with `TAG` (repeatable: any of them)")
	fs.StringVar(&sf.visitor, "visitor", "", "only this visitor's conversations (`ID`; needs -room)")
	fs.StringVar(&sf.room, "room", "", "a room `ID` of the visitor that you may access")
	fs.StringVar(&sf.contact, "contact", "", "only this contact's closed conversations (`ID`; Rocket.Chat 7+)")
	fs.IntVar(&cfg.concurrency, "concurrency", 0, "rooms fetched at once (default: 1 when rate limited, 4 otherwise)")
	fs.BoolVar(&cfg.quiet, "quiet", false, "show no progress")
	fs.BoolVar(&cfg.verbose, "v", false, "log each request to standard error")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(nil)
			fs.Usage()
		}
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	sel, err := sf.selection(now)
	if err != nil {
		return nil, err
	}
	cfg.selection = sel
	return cfg, nil
}

// selection is the export's selection the flags describe.
func (sf *selectionFlags) selection(now time.Time) (export.Selection, error) {
	switch {
	case sf.visitor != "" || sf.room != "":
		if sf.visitor == "" || sf.room == "" {
			return export.Selection{}, errors.New("-visitor and -room go together")
		}
		return export.Selection{Visitor: &export.VisitorSelection{RoomID: sf.room, VisitorID: sf.visitor}}, nil
	case sf.contact != "":
		return export.Selection{ContactID: sf.contact}, nil
	}
	o := &omnichannel.RoomsOptions{Departments: sf.departments, Agents: sf.agents, Tags: sf.tags}
	switch sf.status {
	case "closed":
		o.Open = new(false)
	case "open":
		o.Open = new(true)
	case "all":
	default:
		return export.Selection{}, fmt.Errorf("-status %q: want closed, open or all", sf.status)
	}
	var err error
	if o.CreatedAt, err = dateRange(sf.createdFrom, sf.createdTo); err != nil {
		return export.Selection{}, err
	}
	if o.ClosedAt, err = dateRange(sf.closedFrom, sf.closedTo); err != nil {
		return export.Selection{}, err
	}
	if sf.status == "closed" && o.ClosedAt.IsZero() && o.CreatedAt.IsZero() && sf.days > 0 {
		o.ClosedAt.Start = now.AddDate(0, 0, -sf.days).Truncate(24 * time.Hour)
	}
	return export.Selection{Rooms: o}, nil
}

// dateRange reads two optional dates.
func dateRange(from, to string) (omnichannel.DateRange, error) {
	var r omnichannel.DateRange
	var err error
	if r.Start, err = parseDate(from, false); err != nil {
		return r, err
	}
	r.End, err = parseDate(to, true)
	return r, err
}

// parseDate reads 2006-01-02 (the day's start, or its end when end is set)
// or an RFC 3339 time; "" is no date.
func parseDate(s string, end bool) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse("2006-01-02", s); err == nil {
		if end {
			t = t.Add(24*time.Hour - time.Millisecond)
		}
		return t, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("date %q: want 2006-01-02 or RFC 3339", s)
	}
	return t, nil
}
