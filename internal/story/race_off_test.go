//go:build !race

package story

// raceBuild: see race_on_test.go.
const raceBuild = false
