package publish

import (
	"testing"
	"time"

	"github.com/intlwire/aggregator/internal/model"
)

func TestClassifySourceHealth(t *testing.T) {
	now := time.Date(2026, 12, 6, 20, 0, 0, 0, time.UTC)
	period := 15 * time.Minute
	for _, tc := range []struct {
		st   model.FetchState
		want string
	}{
		{model.FetchState{}, healthNew},
		{model.FetchState{LastFetch: now, ErrorCount: 2, NextDue: now.Add(time.Hour)}, healthFailing},
		{model.FetchState{LastFetch: now, Disabled: true}, healthDisabled},
		{model.FetchState{LastFetch: now.Add(-time.Minute), LastSuccess: now.Add(-time.Minute), NextDue: now.Add(10 * time.Minute)}, healthOK},
		// Due ten minutes ago: the next tick of a 15-minute schedule may not have come.
		{model.FetchState{LastFetch: now.Add(-25 * time.Minute), NextDue: now.Add(-10 * time.Minute)}, healthOK},
		// Due an hour ago: the scheduler is not fetching it.
		{model.FetchState{LastFetch: now.Add(-75 * time.Minute), NextDue: now.Add(-time.Hour)}, healthStale},
	} {
		if got := classify(tc.st, period, now); got != tc.want {
			t.Errorf("%+v: %s, want %s", tc.st, got, tc.want)
		}
	}
}
