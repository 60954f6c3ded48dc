// Package models holds the data types of Rocket.Chat's REST API: omnichannel
// rooms, their metrics, visitors, contacts, agents, messages and the markdown
// tree of a message. It is data only; the client lives in package rocketchat.
//
// Dates are time.Time, numbers and flags are real Go types, and optional
// values that must be told apart from zero are pointers. Every type encodes
// back to the server's own field names and date format with encoding/json,
// so a decoded room can be stored or forwarded as JSON.
package models
