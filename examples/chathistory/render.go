package main

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/rocketchat-go/rocketchat/models"
)

// printTable writes one row per conversation, at most rows (0: all).
func printTable(w io.Writer, rooms []*models.Room, rows int) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "STARTED (UTC)\tSTATUS\tAGENT\tMSGS\tFIRST RESPONSE\tTAGS\tLAST MESSAGE")
	shown := rooms
	if rows > 0 && len(rooms) > rows {
		shown = rooms[:rows]
	}
	for _, r := range shown {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%s\t%s\n",
			r.Timestamp.UTC().Format("2006-01-02 15:04"), status(r), agent(r), r.MessageCount,
			firstResponse(r), strings.Join(r.Tags, ","), lastMessage(r))
	}
	tw.Flush()
	if len(shown) < len(rooms) {
		fmt.Fprintf(w, "... and %d more (-rows 0 prints all)\n", len(rooms)-len(shown))
	}
}

// printSummary writes the counts and the median first response time.
func printSummary(w io.Writer, rooms []*models.Room) {
	open := 0
	var responses []time.Duration
	for _, r := range rooms {
		if r.Open {
			open++
		}
		if d, ok := responseTime(r); ok {
			responses = append(responses, d)
		}
	}
	fmt.Fprintf(w, "\n%d conversations: %d open, %d closed\n", len(rooms), open, len(rooms)-open)
	if len(responses) > 0 {
		slices.Sort(responses)
		fmt.Fprintf(w, "median first response time: %s (over %d answered conversations)\n", median(responses).Round(time.Second), len(responses))
	}
}

func median(sorted []time.Duration) time.Duration {
	n := len(sorted)
	if n%2 == 1 {
		return sorted[n/2]
	}
	return (sorted[n/2-1] + sorted[n/2]) / 2
}

func status(r *models.Room) string {
	if r.Open {
		return "open"
	}
	return "closed"
}

func agent(r *models.Room) string {
	if r.ServedBy.ID == "" {
		return "-"
	}
	return r.ServedBy.Username
}

// responseTime is the time from the conversation's start to the agent's
// first answer (metrics.response.ft); ok is false if no agent answered.
func responseTime(r *models.Room) (time.Duration, bool) {
	return r.Metrics.Response.FirstTimeDuration()
}

func firstResponse(r *models.Room) string {
	if d, ok := responseTime(r); ok {
		return d.Round(time.Second).String()
	}
	return "-"
}

// lastMessage is the conversation's last message as plain text: rendered
// from its markdown tree when it has one, so links, mentions and emoji read
// well, else its raw text.
func lastMessage(r *models.Room) string {
	if r.LastMessage == nil {
		return ""
	}
	text := r.LastMessage.Text
	if rendered, err := r.LastMessage.MD.Text(); err == nil && rendered != "" {
		text = rendered
	}
	text = strings.Join(strings.Fields(text), " ")
	if len([]rune(text)) > 48 {
		text = string([]rune(text)[:47]) + "…"
	}
	return text
}
