package models

import (
	"time"

	"github.com/go-json-experiment/json/jsontext"
)

// Message is a chat message (IMessage). In an omnichannel room, a message
// written by the visitor carries the visitor's token.
//
// Optional members the server leaves out decode to the zero value and are
// left out again when the message is encoded.
type Message struct {
	// ID is the message id (_id).
	ID string `json:"_id"`
	// RoomID is the id of the room the message belongs to (rid).
	RoomID string `json:"rid"`
	// Text is the message text as typed (msg); empty on most system messages.
	Text string `json:"msg"`
	// Timestamp is when the message was sent (ts).
	Timestamp time.Time `json:"ts,omitzero"`
	// User is the author (u): the agent, or the visitor in a livechat room.
	User UserRef `json:"u,omitzero"`
	// UpdatedAt is when the message document last changed (_updatedAt).
	UpdatedAt time.Time `json:"_updatedAt,omitzero"`
	// Type is the system message type (t), such as "livechat-close" or
	// "livechat-started"; empty on ordinary messages.
	Type string `json:"t,omitzero"`
	// Alias is the name shown instead of the author's.
	Alias string `json:"alias,omitzero"`
	// Avatar is the avatar URL shown instead of the author's.
	Avatar string `json:"avatar,omitzero"`
	// Emoji is the emoji shown instead of the author's avatar.
	Emoji string `json:"emoji,omitzero"`
	// Token is the visitor token on messages written by a livechat visitor.
	Token Token `json:"token,omitzero"`
	// Unread reports that nobody has read the message yet.
	Unread bool `json:"unread,omitzero"`
	// Groupable is false on messages that must not be grouped with the
	// previous one; nil means the member was absent.
	Groupable *bool `json:"groupable,omitzero"`
	// Mentions are the users and teams the message mentions.
	Mentions []Mention `json:"mentions,omitzero"`
	// Channels are the rooms the message mentions.
	Channels []ChannelRef `json:"channels,omitzero"`
	// URLs are the links in the message, with their previews.
	URLs []URL `json:"urls,omitzero"`
	// Attachments are the message's attachments: files, quotes, cards.
	Attachments []Attachment `json:"attachments,omitzero"`
	// File is the uploaded file (deprecated by the server in favour of Files).
	File *File `json:"file,omitzero"`
	// Files are the uploaded files.
	Files []File `json:"files,omitzero"`
	// Reactions are the emoji reactions, by emoji short code such as ":+1:".
	Reactions map[string]Reaction `json:"reactions,omitzero"`
	// EditedAt is when the message was last edited.
	EditedAt time.Time `json:"editedAt,omitzero"`
	// EditedBy is who last edited the message.
	EditedBy *UserRef `json:"editedBy,omitzero"`
	// ThreadID is the id of the thread's first message (tmid) on a reply.
	ThreadID string `json:"tmid,omitzero"`
	// ThreadShow reports that a thread reply is also shown in the room (tshow).
	ThreadShow bool `json:"tshow,omitzero"`
	// ThreadCount is the number of replies (tcount) on a thread's first
	// message. Whole numbers written as 2.0 or 1e3 are accepted.
	ThreadCount int `json:"tcount,omitzero"`
	// ThreadLastMessageAt is when the thread was last replied to (tlm).
	ThreadLastMessageAt time.Time `json:"tlm,omitzero"`
	// Replies are the ids of the users who replied in the thread.
	Replies []string `json:"replies,omitzero"`
	// DiscussionID is the id of the discussion the message opened (drid).
	DiscussionID string `json:"drid,omitzero"`
	// DiscussionCount is the number of messages in that discussion (dcount).
	// Whole numbers written as 2.0 or 1e3 are accepted.
	DiscussionCount int `json:"dcount,omitzero"`
	// DiscussionLastMessageAt is when that discussion last got a message (dlm).
	DiscussionLastMessageAt time.Time `json:"dlm,omitzero"`
	// Pinned reports that the message is pinned.
	Pinned bool `json:"pinned,omitzero"`
	// PinnedAt is when the message was pinned.
	PinnedAt time.Time `json:"pinnedAt,omitzero"`
	// PinnedBy is who pinned the message.
	PinnedBy *UserRef `json:"pinnedBy,omitzero"`
	// Private reports a message only its recipient sees.
	Private bool `json:"private,omitzero"`
	// MD is the parsed markdown of Text (md).
	MD Markdown `json:"md,omitzero"`
	// Blocks are the message's UI Kit blocks, unparsed.
	Blocks jsontext.Value `json:"blocks,omitzero"`
	// CustomFields are the message's custom fields.
	CustomFields map[string]any `json:"customFields,omitzero"`
	// NewRoom is set by the livechat message endpoint: whether sending the
	// message opened a new room. Nil means the member was absent.
	NewRoom *bool `json:"newRoom,omitzero"`
	// ShowConnecting is set by the livechat message endpoint: whether the
	// widget shows a connecting notice. Nil means the member was absent.
	ShowConnecting *bool `json:"showConnecting,omitzero"`
	// Location is the place a location message shares.
	Location *Location `json:"location,omitzero"`
	// Navigation is the page a visitor opened, on the system messages of
	// type "livechat_navigation_history".
	Navigation *Navigation `json:"navigation,omitzero"`
	// TransferData describes a transfer, on the system messages of type
	// "livechat_transfer_history".
	TransferData *TransferData `json:"transferData,omitzero"`
	// SLAData says who changed the room's service level agreement, on the
	// system messages of type "omnichannel_sla_change_history".
	SLAData *SLAChange `json:"slaData,omitzero"`
	// PriorityData says who changed the room's priority, on the system
	// messages of type "omnichannel_priority_change_history".
	PriorityData *PriorityChange `json:"priorityData,omitzero"`

	// Unknown keeps the members this type does not declare, and the raw
	// value of any misfit, so that they are written back when the message is
	// encoded.
	Unknown jsontext.Value `json:",embed"`

	misfits []Misfit
}

// Misfits returns the message's members whose values did not fit their Go
// fields (see [Misfit]), at any depth, or nil.
func (m *Message) Misfits() []Misfit { return m.misfits }

func init() { registerDocument(func(m *Message) *[]Misfit { return &m.misfits }) }

// UserRef is a short reference to a user or visitor: the author of a
// message, the user who closed a room.
type UserRef struct {
	// ID is the user id (_id).
	ID string `json:"_id"`
	// Username is the username.
	Username string `json:"username,omitzero"`
	// Name is the display name.
	Name string `json:"name,omitzero"`

	// Unknown keeps the members this type does not declare.
	Unknown jsontext.Value `json:",embed"`
}

// Mention is a user or team mentioned in a message.
type Mention struct {
	// ID is the id of the user or team (_id).
	ID string `json:"_id"`
	// Username is the mentioned username, or "all" and "here".
	Username string `json:"username,omitzero"`
	// Name is the display name.
	Name string `json:"name,omitzero"`
	// Type is "user" or "team".
	Type string `json:"type,omitzero"`
	// FName is the team's display name (fname).
	FName string `json:"fname,omitzero"`

	// Unknown keeps the members this type does not declare.
	Unknown jsontext.Value `json:",embed"`
}

// ChannelRef is a room mentioned in a message.
type ChannelRef struct {
	// ID is the room id (_id).
	ID string `json:"_id"`
	// Name is the room name.
	Name string `json:"name,omitzero"`
	// FName is the room's display name (fname).
	FName string `json:"fname,omitzero"`

	// Unknown keeps the members this type does not declare.
	Unknown jsontext.Value `json:",embed"`
}

// URL is a link found in a message, with its preview.
type URL struct {
	// URL is the link.
	URL string `json:"url"`
	// Source is the link as written, when it differs from URL.
	Source string `json:"source,omitzero"`
	// Meta are the preview's metadata, such as pageTitle or ogImage.
	Meta map[string]any `json:"meta,omitzero"`
	// Headers are the response headers the preview read, such as
	// contentType and contentLength.
	Headers map[string]string `json:"headers,omitzero"`
	// ParsedURL are the parts of the link (host, pathname, ...).
	ParsedURL map[string]any `json:"parsedUrl,omitzero"`
	// IgnoreParse reports that no preview is made for the link.
	IgnoreParse bool `json:"ignoreParse,omitzero"`

	// Unknown keeps the members this type does not declare.
	Unknown jsontext.Value `json:",embed"`
}

// Attachment is a message attachment: an uploaded file, a quoted message, or
// a card posted by an integration. Only the common members are declared; the
// rest (fields, actions, dimensions, ...) is kept in Unknown.
type Attachment struct {
	// Type is the attachment type, such as "file".
	Type string `json:"type,omitzero"`
	// Title is the attachment's title.
	Title string `json:"title,omitzero"`
	// TitleLink is the link on the title.
	TitleLink string `json:"title_link,omitzero"`
	// TitleLinkDownload reports that the title link downloads a file.
	TitleLinkDownload bool `json:"title_link_download,omitzero"`
	// Text is the attachment's text.
	Text string `json:"text,omitzero"`
	// Description is the description of an uploaded file.
	Description string `json:"description,omitzero"`
	// Color is the colour of the attachment's side bar.
	Color string `json:"color,omitzero"`
	// AuthorName is the name of a quoted message's author.
	AuthorName string `json:"author_name,omitzero"`
	// AuthorLink is the link on the author's name.
	AuthorLink string `json:"author_link,omitzero"`
	// AuthorIcon is the URL of the author's avatar.
	AuthorIcon string `json:"author_icon,omitzero"`
	// MessageLink is the link to a quoted message.
	MessageLink string `json:"message_link,omitzero"`
	// ImageURL is the URL of an image.
	ImageURL string `json:"image_url,omitzero"`
	// ImageType is the MIME type of the image.
	ImageType string `json:"image_type,omitzero"`
	// ImageSize is the size of the image in bytes. Apps and integrations
	// write any number here, fractions included.
	ImageSize float64 `json:"image_size,omitzero"`
	// AudioURL is the URL of an audio file.
	AudioURL string `json:"audio_url,omitzero"`
	// AudioType is the MIME type of the audio file.
	AudioType string `json:"audio_type,omitzero"`
	// AudioSize is the size of the audio file in bytes; see ImageSize.
	AudioSize float64 `json:"audio_size,omitzero"`
	// VideoURL is the URL of a video file.
	VideoURL string `json:"video_url,omitzero"`
	// VideoType is the MIME type of the video file.
	VideoType string `json:"video_type,omitzero"`
	// VideoSize is the size of the video file in bytes; see ImageSize.
	VideoSize float64 `json:"video_size,omitzero"`
	// Collapsed reports that the attachment is shown collapsed.
	Collapsed bool `json:"collapsed,omitzero"`
	// TS is the attachment's ts member as sent. The server writes a date
	// there, but integrations write whatever they like (epoch seconds with
	// a fraction, free text), so it is kept unparsed rather than make the
	// whole message fail to decode.
	TS jsontext.Value `json:"ts,omitzero"`
	// MD is the parsed markdown of a quoted message (md).
	MD Markdown `json:"md,omitzero"`
	// Attachments are nested attachments, such as a quote inside a quote.
	Attachments []Attachment `json:"attachments,omitzero"`

	// Unknown keeps the members this type does not declare.
	Unknown jsontext.Value `json:",embed"`
}

// File is an uploaded file of a message.
type File struct {
	// ID is the file id (_id).
	ID string `json:"_id"`
	// Name is the file name.
	Name string `json:"name,omitzero"`
	// Type is the MIME type.
	Type string `json:"type,omitzero"`
	// Format is the file format, such as "png".
	Format string `json:"format,omitzero"`
	// Size is the size in bytes. Whole numbers written as 2.0 or 1e3 are
	// accepted.
	Size int64 `json:"size,omitzero"`
	// TypeGroup is the broad kind of file, such as "image".
	TypeGroup string `json:"typeGroup,omitzero"`

	// Unknown keeps the members this type does not declare.
	Unknown jsontext.Value `json:",embed"`
}

// Reaction lists who reacted to a message with one emoji.
type Reaction struct {
	// Usernames are the usernames of those who reacted.
	Usernames []string `json:"usernames"`
	// Names are their display names, in the same order.
	Names []string `json:"names,omitzero"`
	// FederationEventIDs are the federation event ids of the reactions
	// (federationReactionEventIds).
	FederationEventIDs map[string]string `json:"federationReactionEventIds,omitzero"`

	// Unknown keeps the members this type does not declare.
	Unknown jsontext.Value `json:",embed"`
}

type (
	messageJSON    Message
	userRefJSON    UserRef
	urlJSON        URL
	attachmentJSON Attachment
	mentionJSON    Mention
	channelRefJSON ChannelRef
	fileJSON       File
	reactionJSON   Reaction
)

// MarshalJSON implements encoding/json.Marshaler.
func (m Message) MarshalJSON() ([]byte, error) { return marshalJSON((*messageJSON)(&m)) }

// UnmarshalJSON implements encoding/json.Unmarshaler.
func (m *Message) UnmarshalJSON(data []byte) error { return unmarshalJSON(data, m) }

// MarshalJSONTo implements the v2 json.MarshalerTo.
func (m Message) MarshalJSONTo(enc *jsontext.Encoder) error {
	return marshalTo(enc, (*messageJSON)(&m))
}

// UnmarshalJSONFrom implements the v2 json.UnmarshalerFrom.
func (m *Message) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	return unmarshalFrom(dec, m, (*messageJSON)(m), &m.misfits)
}

// MarshalJSON implements encoding/json.Marshaler.
func (u UserRef) MarshalJSON() ([]byte, error) { return marshalJSON((*userRefJSON)(&u)) }

// MarshalJSONTo implements the v2 json.MarshalerTo.
func (u UserRef) MarshalJSONTo(enc *jsontext.Encoder) error {
	return marshalTo(enc, (*userRefJSON)(&u))
}

// MarshalJSON implements encoding/json.Marshaler.
func (u URL) MarshalJSON() ([]byte, error) { return marshalJSON((*urlJSON)(&u)) }

// MarshalJSONTo implements the v2 json.MarshalerTo.
func (u URL) MarshalJSONTo(enc *jsontext.Encoder) error { return marshalTo(enc, (*urlJSON)(&u)) }

// MarshalJSON implements encoding/json.Marshaler.
func (a Attachment) MarshalJSON() ([]byte, error) { return marshalJSON((*attachmentJSON)(&a)) }

// MarshalJSONTo implements the v2 json.MarshalerTo.
func (a Attachment) MarshalJSONTo(enc *jsontext.Encoder) error {
	return marshalTo(enc, (*attachmentJSON)(&a))
}

// MarshalJSON implements encoding/json.Marshaler.
func (m Mention) MarshalJSON() ([]byte, error) { return marshalJSON((*mentionJSON)(&m)) }

// MarshalJSONTo implements the v2 json.MarshalerTo.
func (m Mention) MarshalJSONTo(enc *jsontext.Encoder) error {
	return marshalTo(enc, (*mentionJSON)(&m))
}

// MarshalJSON implements encoding/json.Marshaler.
func (c ChannelRef) MarshalJSON() ([]byte, error) { return marshalJSON((*channelRefJSON)(&c)) }

// MarshalJSONTo implements the v2 json.MarshalerTo.
func (c ChannelRef) MarshalJSONTo(enc *jsontext.Encoder) error {
	return marshalTo(enc, (*channelRefJSON)(&c))
}

// MarshalJSON implements encoding/json.Marshaler.
func (f File) MarshalJSON() ([]byte, error) { return marshalJSON((*fileJSON)(&f)) }

// MarshalJSONTo implements the v2 json.MarshalerTo.
func (f File) MarshalJSONTo(enc *jsontext.Encoder) error { return marshalTo(enc, (*fileJSON)(&f)) }

// MarshalJSON implements encoding/json.Marshaler.
func (r Reaction) MarshalJSON() ([]byte, error) { return marshalJSON((*reactionJSON)(&r)) }

// MarshalJSONTo implements the v2 json.MarshalerTo.
func (r Reaction) MarshalJSONTo(enc *jsontext.Encoder) error {
	return marshalTo(enc, (*reactionJSON)(&r))
}
