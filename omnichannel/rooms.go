package omnichannel

import rocketchat "github.com/rocketchat-go/rocketchat"

// RoomsService holds the endpoints of livechat rooms.
type RoomsService struct {
	client *rocketchat.Client
}
