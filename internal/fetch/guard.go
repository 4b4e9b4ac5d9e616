package fetch

import (
	"net"
	"net/netip"
	"syscall"
)

// blockedPrefixes are the address ranges a feed must never make us connect to
// unless Options.AllowPrivate is set: this host, private networks, the cloud
// metadata services (169.254.169.254, fd00:ec2::254, 100.100.100.200 all fall
// in these ranges), and addresses that are not unicast on the public Internet.
var blockedPrefixes = func() []netip.Prefix {
	var ps []netip.Prefix
	for _, s := range []string{
		"0.0.0.0/8",       // "this network", includes the unspecified address
		"10.0.0.0/8",      // RFC 1918
		"100.64.0.0/10",   // CGNAT (RFC 6598); Alibaba metadata 100.100.100.200
		"127.0.0.0/8",     // loopback
		"169.254.0.0/16",  // link-local; AWS/GCP/Azure metadata 169.254.169.254
		"172.16.0.0/12",   // RFC 1918
		"192.0.0.0/24",    // IETF protocol assignments
		"192.0.2.0/24",    // TEST-NET-1
		"192.88.99.0/24",  // 6to4 relay anycast (deprecated)
		"192.168.0.0/16",  // RFC 1918
		"198.18.0.0/15",   // benchmarking
		"198.51.100.0/24", // TEST-NET-2
		"203.0.113.0/24",  // TEST-NET-3
		"224.0.0.0/4",     // multicast
		"240.0.0.0/4",     // reserved, includes broadcast
		"::/128",          // unspecified
		"::1/128",         // loopback
		"100::/64",        // discard-only
		"2001:db8::/32",   // documentation
		"fc00::/7",        // unique local (ULA); AWS metadata fd00:ec2::254
		"fe80::/10",       // link-local
		"fec0::/10",       // site-local (deprecated)
		"ff00::/8",        // multicast
	} {
		ps = append(ps, netip.MustParsePrefix(s))
	}
	return ps
}()

var (
	nat64Prefix = netip.MustParsePrefix("64:ff9b::/96")
	sixToFour   = netip.MustParsePrefix("2002::/16")
)

// IsPublicAddress reports whether ip may be fetched from when private addresses
// are not allowed. IPv6 forms that embed an IPv4 address (IPv4-mapped, NAT64
// 64:ff9b::/96, 6to4 2002::/16) are judged by the embedded address, so
// ::ffff:127.0.0.1 or 64:ff9b::a9fe:a9fe cannot reach loopback or metadata.
func IsPublicAddress(ip netip.Addr) bool {
	if !ip.IsValid() {
		return false
	}
	ip = ip.Unmap().WithZone("")
	if ip.Is6() {
		b := ip.As16()
		switch {
		case nat64Prefix.Contains(ip):
			return IsPublicAddress(netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]}))
		case sixToFour.Contains(ip):
			return IsPublicAddress(netip.AddrFrom4([4]byte{b[2], b[3], b[4], b[5]}))
		}
	}
	for _, p := range blockedPrefixes {
		if p.Contains(ip) {
			return false
		}
	}
	return true
}

// privateAddressError is what dialControl returns; it matches
// ErrPrivateAddress and keeps the refused address for the message.
type privateAddressError struct {
	addr string
}

func (e *privateAddressError) Error() string {
	return ErrPrivateAddress.Error() + ": " + e.addr
}

func (e *privateAddressError) Is(target error) bool { return target == ErrPrivateAddress }

// dialControl is a net.Dialer Control function: it runs after DNS resolution,
// just before connect, with the literal address the socket is about to reach.
// Checking here (and not on the URL's host name) means DNS rebinding, a
// redirect to an internal name, or an A record pointing at 127.0.0.1 are all
// caught the same way.
func dialControl(_, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		host = address
	}
	ip, err := netip.ParseAddr(host)
	if err != nil || !IsPublicAddress(ip) {
		return &privateAddressError{addr: host}
	}
	return nil
}
