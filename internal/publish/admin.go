package publish

import (
	"net/http"
	"strings"
)

// serveAdmin answers the admin routes: /metrics, /sources, /sources.json.
func (s *Server) serveAdmin(w http.ResponseWriter, r *http.Request) (string, int) {
	switch r.URL.Path {
	case "/metrics":
		if s.prom == nil {
			return "metrics", httpError(w, http.StatusNotFound)
		}
		s.prom.ServeHTTP(w, r)
		return "metrics", http.StatusOK
	case "/sources":
		return "sources", s.serveSources(w, r, false)
	case "/sources.json":
		return "sources", s.serveSources(w, r, true)
	}
	return "other", httpError(w, http.StatusNotFound)
}

// AdminHandler serves the admin routes — /metrics, /sources, /sources.json —
// with /healthz and the static files the pages use, for the admin_listen
// address. With Options.AdminOnly the public handler no longer answers them.
func (s *Server) AdminHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			httpError(w, http.StatusMethodNotAllowed)
			return
		}
		p := r.URL.Path
		var route string
		var code int
		switch {
		case p == "/healthz":
			route, code = "health", s.serveHealth(w, r)
		case strings.HasPrefix(p, "/static/") && s.static[strings.TrimPrefix(p, "/static/")] != nil:
			route, code = "static", serve(w, r, s.static[strings.TrimPrefix(p, "/static/")])
		case p == "/":
			http.Redirect(w, r, "/sources", http.StatusFound)
			route, code = "admin", http.StatusFound
		default:
			route, code = s.serveAdmin(w, r)
		}
		s.m.requests.WithLabelValues(route, codeLabel(code)).Inc()
	})
}
