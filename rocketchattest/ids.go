package rocketchattest

// idAlphabet is the alphabet of Meteor's Random.id: no characters that are
// easy to confuse.
const idAlphabet = "23456789ABCDEFGHJKLMNPQRSTWXYZabcdefghijkmnopqrstuvwxyz"

// tokenAlphabet is the alphabet of Meteor's login tokens (base64url).
const tokenAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

// newIDLocked returns a 17-character Meteor-style id. s.mu must be held.
func (s *Server) newIDLocked() string { return s.randomLocked(idAlphabet, 17) }

// newTokenLocked returns a 43-character login token. s.mu must be held.
func (s *Server) newTokenLocked() string { return s.randomLocked(tokenAlphabet, 43) }

func (s *Server) randomLocked(alphabet string, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[s.rng.IntN(len(alphabet))]
	}
	return string(b)
}
