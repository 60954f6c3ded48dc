package rocketchat

// Version is the version of this library, sent in the User-Agent header.
const Version = "0.1.0"

// defaultUserAgent names the library and its version on every request.
const defaultUserAgent = "rocketchat-go/" + Version + " (+https://github.com/rocketchat-go/rocketchat)"
