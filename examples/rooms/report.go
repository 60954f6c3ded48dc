package main

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/rocketchat-go/rocketchat/models"
	"github.com/rocketchat-go/rocketchat/omnichannel"
)

// printRooms writes the conversations, at most rows (0: all).
func printRooms(w io.Writer, rooms []*models.Room, rows int) {
	fmt.Fprintf(w, "%d conversations closed\n\n", len(rooms))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ROOM\tCLOSED (UTC)\tAGENT\tDEPARTMENT\tDURATION\tMSGS\tTAGS")
	shown := rooms
	if rows > 0 && len(rooms) > rows {
		shown = rooms[:rows]
	}
	for _, r := range shown {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\t%s\n", r.ID, r.ClosedAt.UTC().Format("2006-01-02 15:04"),
			cmp.Or(r.ServedBy.Username, "-"), cmp.Or(r.Department.Name, r.DepartmentID, "-"),
			duration(r).Round(time.Second), r.MessageCount, strings.Join(r.Tags, ","))
	}
	tw.Flush()
	if len(shown) < len(rooms) {
		fmt.Fprintf(w, "... and %d more (-rows 0 prints all)\n", len(rooms)-len(shown))
	}
}

// printAgents writes, per agent, how many conversations they closed and
// their median duration.
func printAgents(w io.Writer, rooms []*models.Room) {
	byAgent := map[string][]time.Duration{}
	for _, r := range rooms {
		agent := cmp.Or(r.ServedBy.Username, "(never served)")
		byAgent[agent] = append(byAgent[agent], duration(r))
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "AGENT\tCONVERSATIONS\tMEDIAN DURATION")
	for _, agent := range slices.Sorted(maps.Keys(byAgent)) {
		d := byAgent[agent]
		slices.Sort(d)
		fmt.Fprintf(tw, "%s\t%d\t%s\n", agent, len(d), d[len(d)/2].Round(time.Second))
	}
	tw.Flush()
}

// duration is how long a conversation lasted: the server's chat duration,
// else from its start to its close.
func duration(r *models.Room) time.Duration {
	if r.Metrics.ChatDuration > 0 {
		return time.Duration(r.Metrics.ChatDuration * float64(time.Second))
	}
	return r.ClosedAt.Sub(r.Timestamp)
}

// printTranscript writes a conversation oldest first: what the visitor and
// the agents wrote, and how it was closed.
func printTranscript(ctx context.Context, w io.Writer, rooms *omnichannel.RoomsService, roomID string) error {
	n := 0
	for m, err := range rooms.MessagesAll(ctx, roomID, &omnichannel.MessagesOptions{Sort: omnichannel.OldestFirst()}) {
		if err != nil {
			return err
		}
		n++
		when := m.Timestamp.UTC().Format("2006-01-02 15:04:05")
		if m.Type == "livechat-close" {
			fmt.Fprintf(w, "%s  -- closed by %s %s\n", when, m.User.Username, quoted(m.Text))
			continue
		}
		text := strings.ReplaceAll(m.Text, "\n", " / ")
		fmt.Fprintf(w, "%s  %s: %s\n", when, cmp.Or(m.Alias, m.User.Name, m.User.Username), text)
	}
	fmt.Fprintf(w, "(%d messages)\n", n)
	return nil
}

func quoted(s string) string {
	if s == "" {
		return ""
	}
	return fmt.Sprintf("(%q)", s)
}
