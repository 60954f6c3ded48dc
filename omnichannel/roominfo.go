package omnichannel

import (
	"context"

	rocketchat "github.com/rocketchat-go/rocketchat"
	"github.com/rocketchat-go/rocketchat/omnichannel/internal/endpoint"
)

// SaveInfoRequest is what SaveInfo changes: the visitor's details and the
// room's. Empty fields leave the values as they are.
type SaveInfoRequest struct {
	// Guest is the visitor's part; Guest.ID is required.
	Guest GuestInfo `json:"guestData"`
	// Room is the room's part; Room.ID is required.
	Room RoomInfo `json:"roomData"`
}

// GuestInfo is the visitor's part of SaveInfo.
type GuestInfo struct {
	// ID is the visitor's id (the room's Visitor.ID).
	ID string `json:"_id"`
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
	// ID is the room's id.
	ID string `json:"_id"`
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

// SaveInfo saves a room's information and its visitor's: topic, tags, custom
// fields, name, e-mail address, phone. Needs view-l-room, and for a room
// the caller does not serve, save-others-livechat-room-info (else
// rocketchat.ErrForbidden).
//
// Errors: rocketchat.ErrInvalidRoom, rocketchat.ErrForbidden; an unknown
// visitor fails with the server's empty message.
//
// POST /api/v1/livechat/room.saveInfo
func (s *RoomsService) SaveInfo(ctx context.Context, req SaveInfoRequest) (*rocketchat.Response, error) {
	if req.Room.ID == "" {
		return nil, endpoint.Required("Room.ID")
	}
	if req.Guest.ID == "" {
		return nil, endpoint.Required("Guest.ID")
	}
	return post(ctx, s.client, "livechat/room.saveInfo", nil, req)
}
