package publish_test

import (
	"github.com/intlwire/aggregator/internal/publish"
	"github.com/intlwire/aggregator/internal/publish/publishtest"
)

// testBase is the BaseURL of the test site.
const testBase = "https://feeds.example.org/"

// syriaTopic is the topic the sample stories belong to.
var syriaTopic = publish.Topic{Slug: "syria-diplomacy", Title: "Syria diplomacy", Description: "Talks, ceasefires, envoys and summits about Syria", Content: publish.ContentFull}

// testOptions returns options for the sample site.
func testOptions() publish.Options {
	return publish.Options{
		BaseURL: testBase, SiteTitle: "Intlwire", Sources: publishtest.SampleSources(),
		Topics: []publish.Topic{syriaTopic, {Slug: "humanitarian", Title: "Humanitarian", Description: "Aid, refugees and relief operations", Content: publish.ContentFull}},
	}
}
