package models

import (
	"bytes"
	"fmt"
	"strconv"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// readBegin reads the opening token of an object or array, failing plainly
// when the next value is something else.
func readBegin(dec *jsontext.Decoder, kind jsontext.Kind, what string) error {
	if k := dec.PeekKind(); k != kind && k != 0 {
		return fmt.Errorf("models: want %s, found a JSON %v", what, k)
	}
	_, err := dec.ReadToken()
	return err
}

// readName reads an object key. Known keys come back as constants, so reading
// them allocates nothing.
func readName(dec *jsontext.Decoder) (string, error) {
	v, err := dec.ReadValue()
	if err != nil {
		return "", err
	}
	b := v[1 : len(v)-1]
	if bytes.IndexByte(b, '\\') >= 0 {
		u, err := jsontext.AppendUnquote(nil, v)
		return string(u), err
	}
	switch string(b) {
	case "type":
		return "type", nil
	case "value":
		return "value", nil
	case "src":
		return "src", nil
	case "label":
		return "label", nil
	}
	return string(b), nil
}

// readRaw reads the next value as a copy of its JSON text.
func readRaw(dec *jsontext.Decoder) (jsontext.Value, error) {
	v, err := dec.ReadValue()
	if err != nil {
		return nil, err
	}
	return v.Clone(), nil
}

// readString reads a JSON string, or returns the next value raw when it is
// not one. The other read functions below work the same way.
func readString(dec *jsontext.Decoder) (string, jsontext.Value, error) {
	if dec.PeekKind() != '"' {
		raw, err := readRaw(dec)
		return "", raw, err
	}
	tok, err := dec.ReadToken()
	if err != nil {
		return "", nil, err
	}
	return tok.String(), nil, nil
}

func readInt(dec *jsontext.Decoder) (int, jsontext.Value, error) {
	v, err := dec.ReadValue()
	if err != nil {
		return 0, nil, err
	}
	if v.Kind() == '0' {
		if i, perr := strconv.Atoi(string(v)); perr == nil {
			return i, nil, nil
		}
	}
	return 0, v.Clone(), nil
}

func readBool(dec *jsontext.Decoder) (bool, jsontext.Value, error) {
	v, err := dec.ReadValue()
	if err != nil {
		return false, nil, err
	}
	switch v.Kind() {
	case 't':
		return true, nil, nil
	case 'f':
		return false, nil, nil
	}
	return false, v.Clone(), nil
}

// readStrict reads the next value and decodes it into v, reporting whether
// that worked with no key v does not name. It returns the value's JSON text
// either way.
func readStrict(dec *jsontext.Decoder, v any) (jsontext.Value, bool, error) {
	raw, err := readRaw(dec)
	if err != nil {
		return nil, false, err
	}
	return raw, jsonv2.Unmarshal(raw, v, jsonv2.RejectUnknownMembers(true)) == nil, nil
}
