// Package export archives Omnichannel conversations: every conversation of a
// selection, with its messages, written one JSON line each to a sink, in an
// order that lets an interrupted export resume.
//
//	sink := export.NewFileSink("conversations.jsonl") // and conversations.jsonl.state
//	defer sink.Close()
//	started, _ := sink.Started() // zero for a new export
//	if started.IsZero() {
//		started = time.Now()
//	}
//	lastWeek := started.AddDate(0, 0, -7) // the same selection when the export resumes
//	res, err := export.Run(ctx, client, export.Selection{
//		Rooms: &omnichannel.RoomsOptions{ClosedAt: omnichannel.DateRange{Start: lastWeek}},
//	}, sink, &export.Options{Progress: func(p export.Progress) { log.Println(p.Conversations, p.ETA) }})
//
// Each line is {"room": {...}, "messages": [...]}: the room as the server
// sent it (members the SDK does not model included), then its messages,
// oldest first; [Read] reads them back. Only the messages the server's
// messages route serves are there: the visitor's and the agents', and the
// closing one. A contact's history lists its rooms projected to fewer
// members (no department, metrics or custom fields). An open conversation
// is exported as it stands, and not again when it closes: to archive whole
// conversations, select closed ones. The lines hold the visitors' tokens: a
// [FileSink] keeps its file readable by its owner only.
//
// # Resuming
//
// Rooms are exported in the order of their start (ts), or of their closing
// (closedAt) for a selection of closed rooms, then of their id. A [FileSink]
// keeps, beside its output, a small state: the last room written, the counts,
// the rooms that failed. Killed at any moment, kill -9 included, the same
// export run again carries on where it stopped: a half-written last line is
// cut off, no conversation is written twice and none is missing, the failed
// rooms are fetched again. Conversations that join a selection of closed
// rooms later (they close after the export started) come after every room
// exported, so a resumed export picks them up; [Result.Notes] says when the
// selection changed in a way it cannot follow.
//
// # Speed and limits
//
// The export asks for each list in one answer when the server allows it
// (count=0) and pages otherwise; it fetches the list and the messages, which
// the server limits separately, side by side; it paces itself by the
// server's rate-limit headers, so a default server (10 calls a minute per
// route) costs about a minute per ten conversations and no 429. Accounts
// without a limit (bots, admins) fetch several rooms at once. Memory holds a
// few conversations, never the archive. [Progress] reports the figures,
// the rate-limit wait under way, and the time left, computed from the
// requests left and the windows the server reported.
//
// The command rcexport (github.com/rocketchat-go/rocketchat/cmd/rcexport) is
// this package behind flags.
package export
