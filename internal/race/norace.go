//go:build !race

package race

// Enabled is set when the build has the race detector (-race).
const Enabled = false
