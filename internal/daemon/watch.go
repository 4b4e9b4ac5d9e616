package daemon

import (
	"context"
	"log/slog"
	"path/filepath"
	"time"

	"github.com/fsnotify/fsnotify"
)

// watchFiles reports (debounced) when any of files changes. It watches their
// directories, because editors replace files by renaming over them.
func watchFiles(ctx context.Context, files []string, log *slog.Logger) (<-chan string, error) {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	want := map[string]bool{}
	dirs := map[string]bool{}
	for _, f := range files {
		abs, err := filepath.Abs(f)
		if err != nil {
			continue
		}
		want[abs] = true
		dirs[filepath.Dir(abs)] = true
	}
	for d := range dirs {
		if err := w.Add(d); err != nil {
			w.Close()
			return nil, err
		}
	}
	out := make(chan string)
	go func() {
		defer w.Close()
		var pending string
		var timer <-chan time.Time
		for {
			select {
			case <-ctx.Done():
				return
			case ev, ok := <-w.Events:
				if !ok {
					return
				}
				abs, _ := filepath.Abs(ev.Name)
				isYAML := filepath.Ext(abs) == ".yaml" || filepath.Ext(abs) == ".yml"
				if want[abs] || isYAML && dirs[filepath.Dir(abs)] {
					pending = abs
					timer = time.After(300 * time.Millisecond)
				}
			case err, ok := <-w.Errors:
				if !ok {
					return
				}
				log.Warn("config watch", "error", err)
			case <-timer:
				timer = nil
				select {
				case out <- pending:
				case <-ctx.Done():
					return
				}
			}
		}
	}()
	return out, nil
}
