package rocketchattest

import (
	"bufio"
	"fmt"
	"maps"
	"net"
	"net/http"
	"strconv"
)

// deliver writes the response, cut short if the plan says so.
func (p *faultPlan) deliver(w http.ResponseWriter, resp *response) {
	if p.drop {
		dropConnection(w)
		return
	}
	body := resp.body
	cut := p.cutAt
	if cut <= 0 || cut > len(body) {
		cut = len(body) / 2
	}
	if p.truncate {
		body = body[:cut]
	}
	resp.header.Set("Content-Length", strconv.Itoa(len(body)))
	if p.reset && cut < len(body) {
		resetAfter(w, resp.status, resp.header, body, cut)
		return
	}
	maps.Copy(w.Header(), resp.header)
	w.WriteHeader(resp.status)
	_, _ = w.Write(body)
}

// bodyResetter is implemented by the in-memory transport's writer.
type bodyResetter interface {
	resetAfter(n int)
}

// resetAfter sends the headers, announcing the whole body, and n bytes of it,
// then breaks the connection: on a socket it hijacks the connection and
// resets it; in memory the client's body reader fails with ECONNRESET;
// elsewhere it aborts the handler, which closes the connection.
func resetAfter(w http.ResponseWriter, status int, header http.Header, body []byte, n int) {
	if r, ok := w.(bodyResetter); ok {
		r.resetAfter(n)
		maps.Copy(w.Header(), header)
		w.WriteHeader(status)
		_, _ = w.Write(body)
		return
	}
	if hj, ok := w.(http.Hijacker); ok {
		if conn, rw, err := hj.Hijack(); err == nil {
			writeRaw(rw, status, header, body[:n])
			if tcp, ok := conn.(*net.TCPConn); ok {
				_ = tcp.SetLinger(0) // close with RST, not FIN
			}
			_ = conn.Close()
			return
		}
	}
	maps.Copy(w.Header(), header)
	w.WriteHeader(status)
	_, _ = w.Write(body[:n])
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
	panic(http.ErrAbortHandler)
}

func writeRaw(rw *bufio.ReadWriter, status int, header http.Header, partial []byte) {
	fmt.Fprintf(rw, "HTTP/1.1 %d %s\r\n", status, http.StatusText(status))
	_ = header.Write(rw)
	_, _ = rw.WriteString("\r\n")
	_, _ = rw.Write(partial)
	_ = rw.Flush()
}

// dropConnection breaks the connection before anything of the answer is
// sent: on a socket it hijacks the connection and resets it; elsewhere
// (the in-memory transport included) it aborts the handler, which the
// in-memory transport reports as a connection reset.
func dropConnection(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			if tcp, ok := conn.(*net.TCPConn); ok {
				_ = tcp.SetLinger(0) // close with RST, not FIN
			}
			_ = conn.Close()
			return
		}
	}
	panic(http.ErrAbortHandler)
}
