package omnichannel

import (
	"context"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/omnichannel/internal/endpoint"
)

// SaveInfoOptions are what SaveInfo changes: the visitor's details and the
// room's. Empty fields (and a nil *SaveInfoOptions) leave the values as
// they are.
type SaveInfoOptions struct {
	// Guest is the visitor's part.
	Guest GuestInfo
	// Room is the room's part.
	Room RoomInfo
}

// GuestInfo is the visitor's part of SaveInfo.
type GuestInfo struct {
	// Name, Email and Phone replace the visitor's (the phone of an SMS
	// room is kept).
	Name  string `json:"name,omitzero"`
	Email string `json:"email,omitzero"`
	Phone string `json:"phone,omitzero"`
	// LivechatData sets the visitor's custom fields (saved only for
	// holders of edit-livechat-room-customfields, and only for fields the
	// server defines).
	LivechatData map[string]string `json:"livechatData,omitzero"`
}

// RoomInfo is the room's part of SaveInfo.
type RoomInfo struct {
	// Topic replaces the conversation's topic.
	Topic string `json:"topic,omitzero"`
	// Tags replace the room's tags: nil leaves them, an empty slice
	// removes them.
	Tags []string `json:"tags,omitzero"`
	// LivechatData sets the room's custom fields (see GuestInfo's).
	LivechatData map[string]any `json:"livechatData,omitzero"`
	// PriorityID and SLAID set the room's priority and service level
	// agreement (Enterprise).
	PriorityID string `json:"priorityId,omitzero"`
	SLAID      string `json:"slaId,omitzero"`
}

// saveInfoBody is the route's body: each part with its id.
type saveInfoBody struct {
	Guest struct {
		ID string `json:"_id"`
		GuestInfo
	} `json:"guestData"`
	Room struct {
		ID string `json:"_id"`
		RoomInfo
	} `json:"roomData"`
}

// SaveInfo saves the information of the room roomID and of the visitor
// visitorID (the room's Visitor.ID): topic, tags, custom fields, name,
// e-mail address, phone. Needs view-l-room, and for a room the caller does
// not serve, save-others-livechat-room-info (else rocketchat.ErrForbidden).
//
// Errors: rocketchat.ErrInvalidRoom, rocketchat.ErrForbidden; an unknown
// visitor fails with the server's empty message.
//
// POST /api/v1/livechat/room.saveInfo
func (s *RoomsService) SaveInfo(ctx context.Context, roomID, visitorID string, opts *SaveInfoOptions) (*rocketchat.Response, error) {
	if roomID == "" {
		return nil, endpoint.Required("roomID")
	}
	if visitorID == "" {
		return nil, endpoint.Required("visitorID")
	}
	var body saveInfoBody
	body.Room.ID, body.Guest.ID = roomID, visitorID
	if opts != nil {
		body.Guest.GuestInfo, body.Room.RoomInfo = opts.Guest, opts.Room
	}
	return post(ctx, s.client, "livechat/room.saveInfo", nil, body)
}
