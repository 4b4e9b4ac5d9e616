package publish

import (
	"time"

	"github.com/intlwire/aggregator/internal/config"
)

// TopicsFromConfig converts the configured topics.
func TopicsFromConfig(ts []config.Topic) []Topic {
	out := make([]Topic, 0, len(ts))
	for _, t := range ts {
		out = append(out, Topic{Slug: t.Slug, Title: t.Title, Description: t.Description, Unit: t.Unit, Limit: t.Limit, Categories: t.Categories, Content: t.Content})
	}
	return out
}

// OptionsFromConfig fills Options from the configuration: base URL, site
// title, WebSub hub, max-age, item limit, topics, and the sources' names and
// feed URLs. The caller adds Logger, Registerer and Metrics.
func OptionsFromConfig(c *config.Config) Options {
	o := Options{
		BaseURL:     c.BaseURL,
		SiteTitle:   c.Publish.Title,
		WebSubHub:   c.Publish.WebSub,
		MaxAge:      time.Duration(c.Publish.MaxAge),
		Limit:       c.Publish.Limit,
		StoryWindow: c.Dedupe.Window.D(),
		Topics:      TopicsFromConfig(c.Topics),
		Sources:     make(map[string]string, len(c.Sources)),
		SourceFeeds: make(map[string]string, len(c.Sources)),
	}
	o.SourcePeriods = make(map[string]time.Duration, len(c.Sources))
	defPeriod := schedulePeriod(c.Fetch.Schedule)
	for _, s := range c.Sources {
		if s.Name != "" {
			o.Sources[s.ID] = s.Name
		}
		o.SourceFeeds[s.ID] = s.URL
		o.SourcePeriods[s.ID] = defPeriod
		if s.Schedule != "" {
			o.SourcePeriods[s.ID] = schedulePeriod(s.Schedule)
		}
	}
	o.AdminOnly = c.AdminListen != ""
	return o
}

// schedulePeriod is the time between two runs of a fetch schedule, or 0 when
// it does not parse (validation has already said so).
func schedulePeriod(spec string) time.Duration {
	sched, err := config.ParseSchedule(spec)
	if err != nil {
		return 0
	}
	next := sched.Next(time.Now())
	return sched.Next(next).Sub(next)
}
