package export_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/omnichannel"
	"github.com/rocketchat-go/rocketchat/omnichannel/export"
	"github.com/rocketchat-go/rocketchat/rocketchattest"
)

// Export the closed conversations to a file that a rerun resumes.
func ExampleRun() {
	srv, _ := rocketchattest.Start(rocketchattest.WithoutRateLimit())
	defer srv.Close()
	cred := srv.AddUser(rocketchattest.User{Username: "archiver", Roles: []string{"livechat-manager"}})
	srv.GenerateHistory("visitor-1", 25, 7) // the newest is still open
	client, _ := rocketchat.NewClient(srv.URL(), rocketchat.WithToken(cred.UserID, cred.AuthToken))

	dir, _ := os.MkdirTemp("", "export")
	defer os.RemoveAll(dir)
	sink := export.NewFileSink(filepath.Join(dir, "conversations.jsonl"))
	defer sink.Close()
	closed := export.Selection{Rooms: &omnichannel.RoomsOptions{Open: new(false)}}
	res, err := export.Run(context.Background(), client, closed, sink, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d of %d conversations, %d failed\n", res.Conversations, res.Total, len(res.Failed))
	// Output: 24 of 24 conversations, 0 failed
}
