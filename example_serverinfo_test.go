package rocketchat_test

import (
	"context"
	"fmt"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/rocketchattest"
)

// The server's version, to choose between features; no credentials needed.
// Anonymous callers learn major.minor only.
func ExampleClient_ServerInfo() {
	srv, err := rocketchattest.Start(rocketchattest.WithVersion("7.10.3"))
	if err != nil {
		panic(err)
	}
	defer srv.Close()

	c, err := rocketchat.NewClient(srv.URL())
	if err != nil {
		panic(err)
	}
	info, _, err := c.ServerInfo(context.Background())
	if err != nil {
		panic(err)
	}
	fmt.Println(info.Version, info.Version.HasPatch, info.Version.AtLeast(7, 0))
	// Output:
	// 7.10 false true
}
