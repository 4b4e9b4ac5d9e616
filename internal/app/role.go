package app

import "fmt"

// Role is what one daemon does (`aggregator run -role`): the whole product,
// or one half of it so that fetching and serving scale apart on one shared
// database.
type Role string

// The roles of `aggregator run -role`.
const (
	// RoleAll fetches and serves: the single-machine daemon.
	RoleAll Role = "all"
	// RoleFetch runs the scheduler and pipeline, claiming sources through
	// leases in the database, and pings the WebSub hub; its only HTTP
	// routes are health and metrics.
	RoleFetch Role = "fetch"
	// RoleWeb serves pages and feeds and fetches nothing; it learns of
	// changes from the database's change counters.
	RoleWeb Role = "web"
)

// ParseRole parses the -role flag.
func ParseRole(s string) (Role, error) {
	switch r := Role(s); r {
	case RoleAll, RoleFetch, RoleWeb:
		return r, nil
	case "":
		return RoleAll, nil
	}
	return "", fmt.Errorf("app: unknown role %q (want all, fetch or web)", s)
}

// Fetches reports whether the role runs the scheduler and pipeline.
func (r Role) Fetches() bool { return r == RoleAll || r == RoleFetch }

// Serves reports whether the role serves pages and feeds.
func (r Role) Serves() bool { return r == RoleAll || r == RoleWeb }
