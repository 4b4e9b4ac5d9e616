package daemon

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"

	"github.com/intlwire/aggregator/internal/publish"
)

// startAdmin serves the admin routes on addr (config admin_listen) and
// returns a function that shuts that server down; with no addr it does
// nothing. The public listener then answers those routes 404.
func startAdmin(addr string, srv *publish.Server, log *slog.Logger) (stop func(context.Context), err error) {
	if addr == "" {
		return func(context.Context) {}, nil
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("daemon: admin_listen %s: %w", addr, err)
	}
	hs := publish.NewHTTPServer(addr, srv.AdminHandler())
	hs.ErrorLog = slog.NewLogLogger(log.Handler(), slog.LevelWarn)
	go func() {
		if err := hs.Serve(ln); err != nil && err != http.ErrServerClosed {
			log.Error("admin listener stopped", "error", err)
		}
	}()
	log.Info("admin listening", "addr", ln.Addr().String(), "routes", "/metrics /sources /sources.json /healthz")
	return func(ctx context.Context) { _ = hs.Shutdown(ctx) }, nil
}
