//go:build race

package story

// raceBuild is set when the tests run under the race detector, whose
// sync.Pool drops a share of what is put back on purpose: allocation
// counts then measure the detector, not the code.
const raceBuild = true
