package omnichannel_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"
)

// The baseline is what a user who does not pick this SDK writes: net/http,
// encoding/json, structs with the same fields (dates as time.Time), the md
// tree as generic JSON, and a loop with a fixed page size.

type baselinePage struct {
	History []baselineRoom `json:"history"`
	Count   int            `json:"count"`
	Offset  int            `json:"offset"`
	Total   int            `json:"total"`
	Success bool           `json:"success"`
}

// baselineRawMDPage is the baseline with every md tree kept as raw JSON.
type baselineRawMDPage struct {
	History []struct {
		baselineRoom
		LastMessage    *baselineRawMDMessage `json:"lastMessage"`
		ClosingMessage *baselineRawMDMessage `json:"closingMessage"`
	} `json:"history"`
	Total int `json:"total"`
}

type baselineRawMDMessage struct {
	baselineMessage
	MD json.RawMessage `json:"md"`
}

type baselineUser struct {
	ID       string `json:"_id"`
	Username string `json:"username"`
	Name     string `json:"name"`
	Type     string `json:"type"`
}

type baselineMessage struct {
	ID        string         `json:"_id"`
	RID       string         `json:"rid"`
	Msg       string         `json:"msg"`
	Ts        time.Time      `json:"ts"`
	U         baselineUser   `json:"u"`
	UpdatedAt time.Time      `json:"_updatedAt"`
	T         string         `json:"t"`
	Token     string         `json:"token"`
	Groupable *bool          `json:"groupable"`
	Mentions  []baselineUser `json:"mentions"`
	Channels  []baselineUser `json:"channels"`
	MD        []any          `json:"md"`
}

type baselineRoom struct {
	ID         string    `json:"_id"`
	T          string    `json:"t"`
	Ts         time.Time `json:"ts"`
	UpdatedAt  time.Time `json:"_updatedAt"`
	FName      string    `json:"fname"`
	Msgs       int       `json:"msgs"`
	UsersCount int       `json:"usersCount"`
	Lm         time.Time `json:"lm"`
	Cl         *bool     `json:"cl"`
	Open       bool      `json:"open"`
	V          struct {
		ID            string    `json:"_id"`
		Username      string    `json:"username"`
		Token         string    `json:"token"`
		Status        string    `json:"status"`
		LastMessageTs time.Time `json:"lastMessageTs"`
	} `json:"v"`
	DepartmentID string `json:"departmentId"`
	ServedBy     *struct {
		ID       string    `json:"_id"`
		Username string    `json:"username"`
		Ts       time.Time `json:"ts"`
	} `json:"servedBy"`
	ResponseBy *struct {
		ID              string    `json:"_id"`
		Username        string    `json:"username"`
		FirstResponseTs time.Time `json:"firstResponseTs"`
		LastMessageTs   time.Time `json:"lastMessageTs"`
	} `json:"responseBy"`
	WaitingResponse bool             `json:"waitingResponse"`
	ClosedAt        time.Time        `json:"closedAt"`
	Closer          string           `json:"closer"`
	ClosedBy        *baselineUser    `json:"closedBy"`
	ClosingMessage  *baselineMessage `json:"closingMessage"`
	LastMessage     *baselineMessage `json:"lastMessage"`
	Tags            []string         `json:"tags"`
	LivechatData    map[string]any   `json:"livechatData"`
	Source          struct {
		Type        string `json:"type"`
		ID          string `json:"id"`
		Alias       string `json:"alias"`
		Destination string `json:"destination"`
	} `json:"source"`
	QueuedAt                  time.Time `json:"queuedAt"`
	PriorityWeight            int       `json:"priorityWeight"`
	EstimatedWaitingTimeQueue int       `json:"estimatedWaitingTimeQueue"`
	Metrics                   struct {
		Reaction *struct {
			Fd time.Time `json:"fd"`
			Ft float64   `json:"ft"`
			Tt float64   `json:"tt"`
		} `json:"reaction"`
		Response *struct {
			Fd    time.Time `json:"fd"`
			Ft    float64   `json:"ft"`
			Tt    float64   `json:"tt"`
			Avg   float64   `json:"avg"`
			Total int       `json:"total"`
		} `json:"response"`
		V *struct {
			Lq time.Time `json:"lq"`
		} `json:"v"`
		ServedBy *struct {
			Lr time.Time `json:"lr"`
		} `json:"servedBy"`
		ChatDuration        float64 `json:"chatDuration"`
		ServiceTimeDuration float64 `json:"serviceTimeDuration"`
	} `json:"metrics"`
}

// baselineClient is the hand-written client: one GET, status check, decode.
type baselineClient struct {
	http   *http.Client
	base   string
	userID string
	token  string
}

func (c *baselineClient) page(ctx context.Context, roomID, visitorID string, offset, count int) (*baselinePage, error) {
	u := fmt.Sprintf("%s/api/v1/livechat/visitors.chatHistory/room/%s/visitor/%s?offset=%d&count=%d", c.base, roomID, visitorID, offset, count)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("X-User-Id", c.userID)
	req.Header.Set("X-Auth-Token", c.token)
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("status %d", resp.StatusCode)
	}
	var p baselinePage
	if err := json.NewDecoder(resp.Body).Decode(&p); err != nil {
		return nil, err
	}
	return &p, nil
}

// walk is the baseline's loop over every page with a fixed page size.
func (c *baselineClient) walk(ctx context.Context, roomID, visitorID string, fn func(*baselineRoom)) (int, error) {
	const pageSize = 100
	n := 0
	for offset := 0; ; offset += pageSize {
		p, err := c.page(ctx, roomID, visitorID, offset, pageSize)
		if err != nil {
			return n, err
		}
		for i := range p.History {
			fn(&p.History[i])
			n++
		}
		if len(p.History) < pageSize || offset+pageSize >= p.Total {
			return n, nil
		}
	}
}
