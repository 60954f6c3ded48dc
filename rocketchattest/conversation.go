package rocketchattest

import (
	"slices"
	"time"

	"github.com/rocketchat-go/rocketchat/models"
)

// plainMarkdown is the message-parser tree of a text without markup: one
// paragraph of plain text per line.
func plainMarkdown(text string) models.Markdown {
	if text == "" {
		return models.Markdown{}
	}
	var paras []string
	start := 0
	for i := 0; i <= len(text); i++ {
		if i == len(text) || text[i] == '\n' {
			if line := text[start:i]; line != "" {
				paras = append(paras, mdParagraph(mdPlain(line)))
			}
			start = i + 1
		}
	}
	return models.NewMarkdown([]byte(mdDoc(paras...)))
}

// visitorMessageLocked stores a visitor's message in their room, with the
// room's counters and metrics as the server's hooks keep them; its webhook
// is built from the room as it was before (afterSaveMessage's room). A message
// whose id is taken is not stored again: the existing one is returned with
// created false, and nothing else happens (sendMessage's dedupe).
func (s *Server) visitorMessageLocked(r *models.Room, g *models.Visitor, id, text string, now time.Time, edit func(*models.Message)) (*models.Message, bool) {
	if id != "" {
		if st := s.messages.byID[id]; st != nil {
			return decodeStored(st), false
		}
	} else {
		id = s.newIDLocked()
	}
	before := s.loadRoomLocked(r.ID)
	m := &models.Message{
		ID: id, RoomID: r.ID, Text: text, Token: g.Token, Alias: g.Name, Timestamp: now, UpdatedAt: now,
		User: models.UserRef{ID: g.ID, Username: g.Username, Name: g.Name}, MD: plainMarkdown(text),
	}
	if edit != nil {
		edit(m)
	}
	s.putMessageLocked(m)
	r.MessageCount++
	r.LastMessageAt, r.LastMessage, r.UpdatedAt = now, m, now
	r.Visitor.LastMessageAt = now
	if !r.WaitingResponse {
		r.WaitingResponse = true
		r.Metrics.Visitor.LastQuery = now
	}
	s.saveRoomLocked(r)
	if inq := s.omni.inquiries[r.ID]; inq != nil {
		inq.LastMessage, inq.UpdatedAt = m, now
		if inq.Message == "" {
			inq.Message = text
		}
	}
	s.emitLocked(Event{Type: EventMessage, RoomID: r.ID, MessageID: m.ID, Time: now, room: before})
	return m, true
}

// agentMessageLocked stores an agent's message, answering the visitor: the
// room stops waiting for a response, and the response metrics count it.
func (s *Server) agentMessageLocked(r *models.Room, agent *userEntry, id, text string, now time.Time) *models.Message {
	if id == "" {
		id = s.newIDLocked()
	}
	before := s.loadRoomLocked(r.ID)
	m := &models.Message{ID: id, RoomID: r.ID, Text: text, Timestamp: now, UpdatedAt: now, User: authorRef(agent), MD: plainMarkdown(text)}
	s.putMessageLocked(m)
	r.MessageCount++
	r.LastMessageAt, r.LastMessage, r.UpdatedAt = now, m, now
	if r.WaitingResponse {
		since := r.Metrics.Visitor.LastQuery
		if since.IsZero() {
			since = r.Timestamp
		}
		rt := secs(now.Sub(since))
		resp := &r.Metrics.Response
		if resp.FirstDate.IsZero() {
			resp.FirstDate, resp.FirstTime = now, rt
			r.Metrics.Reaction.FirstDate, r.Metrics.Reaction.FirstTime = now, rt
		}
		resp.TotalTime = round3(resp.TotalTime + rt)
		resp.Total++
		resp.Average = round3(resp.TotalTime / float64(resp.Total))
		r.Metrics.Reaction.TotalTime = round3(r.Metrics.Reaction.TotalTime + rt)
		r.Metrics.ServedBy.LastReply = now
		r.WaitingResponse = false
	}
	if r.ResponseBy.ID != agent.ID {
		r.ResponseBy = models.ResponseBy{ID: agent.ID, Username: agent.Username, FirstResponseAt: now}
	}
	r.ResponseBy.LastMessageAt = now
	s.saveRoomLocked(r)
	s.emitLocked(Event{Type: EventMessage, RoomID: r.ID, MessageID: m.ID, Time: now, room: before})
	return m
}

// closing is who closes a room and how (closeRoom's parameters).
type closing struct {
	user       *userEntry      // the agent or user closing it, or nil
	visitor    *models.Visitor // the visitor closing it, or nil
	comment    string
	tags       []string
	transcript bool // a transcript was asked for on closing
}

// closeRoomLocked is closeRoom's effects: the inquiry and the
// subscriptions go, the room gets its closing members and metrics and loses
// open, and a livechat-close message carries the comment.
func (s *Server) closeRoomLocked(r *models.Room, c closing, now time.Time) {
	delete(s.omni.inquiries, r.ID)
	delete(s.omni.subs, r.ID)
	r.Open, r.ClosedAt, r.UpdatedAt = false, now, now
	r.Metrics.ChatDuration = secs(now.Sub(r.Timestamp))
	if r.ServedBy.ID != "" {
		r.Metrics.ServiceTimeDuration = secs(now.Sub(r.ServedBy.Timestamp))
	}
	r.Visitor.Status = models.UserStatusOffline
	by := models.UserRef{}
	if c.user != nil {
		r.Closer, by = models.CloserUser, models.UserRef{ID: c.user.ID, Username: c.user.Username}
	} else {
		r.Closer, by = models.CloserVisitor, models.UserRef{ID: c.visitor.ID, Username: c.visitor.Username}
	}
	r.ClosedBy = by
	tags := slices.Clone(c.tags)
	tags = append(tags, r.Tags...)
	if d := s.omni.departments[r.DepartmentID]; d != nil {
		tags = append(tags, d.ChatClosingTags...)
	}
	slices.Sort(tags)
	if tags = slices.Compact(tags); len(tags) > 0 {
		r.Tags = tags
	}
	if r.TranscriptRequest != nil {
		s.omni.transcripts = append(s.omni.transcripts, TranscriptEmail{RoomID: r.ID, Email: r.TranscriptRequest.Email,
			Subject: r.TranscriptRequest.Subject, Requester: r.TranscriptRequest.RequestedBy.Username, At: now})
	}
	s.saveRoomLocked(r)
	author := by
	if c.user != nil {
		author = authorRef(c.user)
	}
	s.systemMessageLocked(r.ID, "livechat-close", c.comment, author, now, func(m *models.Message) {
		if c.visitor != nil {
			m.Token = c.visitor.Token
		}
		m.Unknown = transcriptRequested(c.transcript)
	})
	s.emitLocked(Event{Type: EventSessionClosed, RoomID: r.ID, Time: now})
}

// transcriptRequested is the livechat-close message's transcriptRequested
// member, which models.Message does not declare.
func transcriptRequested(b bool) []byte {
	if b {
		return []byte(`{"transcriptRequested":true}`)
	}
	return []byte(`{"transcriptRequested":false}`)
}
