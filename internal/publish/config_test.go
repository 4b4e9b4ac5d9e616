package publish_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/intlwire/aggregator/internal/config"
	"github.com/intlwire/aggregator/internal/publish"
)

func TestOptionsFromConfig(t *testing.T) {
	c := &config.Config{
		BaseURL: "https://news.example.org/",
		Publish: config.PublishConfig{Limit: 40, MaxAge: config.Duration(10 * time.Minute), WebSub: "https://hub.example.org/", Title: "World"},
		Sources: []config.Source{{ID: "bbc-world", URL: "https://feeds.example.co.uk/world.xml", Name: "BBC"}, {ID: "x", URL: "https://x.example/feed"}},
		Topics:  []config.Topic{{Slug: "syria-diplomacy", Title: "Syria diplomacy", Unit: "article", Limit: 5, Categories: []string{"country"}}},
	}
	o := publish.OptionsFromConfig(c)
	if o.BaseURL != c.BaseURL || o.SiteTitle != "World" || o.WebSubHub != "https://hub.example.org/" || o.MaxAge != 10*time.Minute || o.Limit != 40 {
		t.Fatalf("options %+v", o)
	}
	if o.Sources["bbc-world"] != "BBC" || o.SourceFeeds["x"] != "https://x.example/feed" || len(o.Sources) != 1 {
		t.Fatalf("sources %v %v", o.Sources, o.SourceFeeds)
	}
	if len(o.Topics) != 1 || !reflect.DeepEqual(o.Topics[0], publish.Topic{Slug: "syria-diplomacy", Title: "Syria diplomacy", Unit: "article", Limit: 5, Categories: []string{"country"}}) {
		t.Fatalf("topics %+v", o.Topics)
	}
}
