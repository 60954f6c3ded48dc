package rocketchat

import (
	"fmt"
	"io"
	"sync"
)

// Response bodies are read into pooled buffers. Decoding copies everything
// it keeps (strings, raw JSON, markdown trees) out of the buffer, so once an
// answer is decoded its bytes are garbage, and reusing them spares a page's
// worth of allocation and zeroing on every call.
var bodyPool sync.Pool // of *[]byte

// maxPooledBody is the largest buffer kept for reuse; bigger answers (a
// count=0 export, say) are left to the garbage collector.
const maxPooledBody = 4 << 20

// maxPrealloc is the most readBody allocates on the word of a
// Content-Length, before the bytes arrive; a longer body grows the buffer
// as it comes.
const maxPrealloc = 1 << 20

// readBody reads at most limit bytes of r into a pooled buffer, sized from
// hint (the Content-Length, or -1) when known, up to maxPrealloc. More than
// limit bytes is ErrResponseTooLarge. Give the buffer back with releaseBody.
func readBody(r io.Reader, limit, hint int64) ([]byte, error) {
	var b []byte
	if p, ok := bodyPool.Get().(*[]byte); ok {
		b = (*p)[:0]
	}
	if want := min(hint, maxPrealloc); hint >= 0 && hint <= limit && int64(cap(b)) <= want {
		b = make([]byte, 0, want+1) // +1 so the read that sees EOF needs no growth
	}
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if int64(len(b)) > limit {
			releaseBody(b)
			return nil, fmt.Errorf("%w (more than %d bytes)", ErrResponseTooLarge, limit)
		}
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			releaseBody(b)
			return nil, fmt.Errorf("reading response body: %w", err)
		}
	}
}

// readErrorBody reads at most limit bytes of an error answer's body r into
// a pooled buffer, as readBody does, and drops the rest: an error answer
// too large to read whole still says its status and its start.
func readErrorBody(r io.Reader, limit, hint int64) ([]byte, error) {
	return readBody(io.LimitReader(r, limit), limit, hint)
}

// releaseBody returns a buffer from readBody for reuse. The caller must not
// touch b afterwards.
func releaseBody(b []byte) {
	if cap(b) == 0 || cap(b) > maxPooledBody {
		return
	}
	b = b[:0]
	bodyPool.Put(&b)
}
