package fetch

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"
)

func TestIsPublicAddress(t *testing.T) {
	refused := []string{
		"127.0.0.1", "127.9.9.9", "0.0.0.0", "10.1.2.3", "172.16.0.1", "172.31.255.255",
		"192.168.1.1", "100.64.0.1", "100.127.255.255", "100.100.100.200", "169.254.169.254",
		"169.254.0.1", "224.0.0.1", "239.255.255.250", "255.255.255.255", "240.0.0.1",
		"::", "::1", "fe80::1", "fc00::1", "fd00:ec2::254", "ff02::1", "fec0::1",
		"::ffff:127.0.0.1", "::ffff:169.254.169.254", "::ffff:10.0.0.1",
		"64:ff9b::7f00:1", "64:ff9b::a9fe:a9fe", "2002:7f00:1::1", "2002:c0a8:101::1",
		"fe80::1%eth0",
	}
	allowed := []string{
		"1.1.1.1", "8.8.8.8", "151.101.0.81", "172.15.255.255", "172.32.0.1", "100.63.255.255",
		"100.128.0.1", "192.169.0.1", "2a04:4e42::81", "2606:4700::1111", "::ffff:8.8.8.8",
		"64:ff9b::808:808", "2002:808:808::1",
	}
	for _, s := range refused {
		if IsPublicAddress(netip.MustParseAddr(s)) {
			t.Errorf("%s should be refused", s)
		}
	}
	for _, s := range allowed {
		if !IsPublicAddress(netip.MustParseAddr(s)) {
			t.Errorf("%s should be allowed", s)
		}
	}
	if IsPublicAddress(netip.Addr{}) {
		t.Error("the zero Addr should be refused")
	}
}

func TestPrivateAddressRefusedAtDial(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		fmt.Fprint(w, sampleRSS)
	}))
	defer srv.Close()
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(srv.URL, "http://"))

	strict := NewClient(Options{}) // AllowPrivate: false, the default
	defer strict.CloseIdleConnections()
	// By IP literal, and by a name that resolves to loopback (the check runs
	// after DNS, at dial time).
	for _, u := range []string{srv.URL, "http://localhost:" + port + "/feed"} {
		resp, err := fetch(t, strict, Request{URL: u})
		if !errors.Is(err, ErrPrivateAddress) {
			t.Errorf("%s: want ErrPrivateAddress, got %v", u, err)
		}
		if resp.Status != 0 || Outcome(resp, err) != "private_address" {
			t.Errorf("%s: status %d outcome %s", u, resp.Status, Outcome(resp, err))
		}
	}
	if hits.Load() != 0 {
		t.Fatalf("the server was reached %d times", hits.Load())
	}

	// The same URL works when private addresses are allowed.
	if _, err := fetch(t, testClient(t, Options{}), Request{URL: srv.URL}); err != nil {
		t.Fatalf("AllowPrivate: %v", err)
	}
}

func TestDialControl(t *testing.T) {
	for addr, ok := range map[string]bool{
		"127.0.0.1:80":         false,
		"[::1]:443":            false,
		"169.254.169.254:80":   false,
		"[fe80::1%lo]:80":      false,
		"93.184.216.34:443":    true,
		"[2606:4700::1111]:80": true,
		"not-an-ip:80":         false,
	} {
		err := dialControl("tcp", addr, nil)
		if (err == nil) != ok {
			t.Errorf("dialControl(%s) = %v, want allowed=%v", addr, err, ok)
		}
		if err != nil && !errors.Is(err, ErrPrivateAddress) {
			t.Errorf("dialControl(%s) error %v does not match ErrPrivateAddress", addr, err)
		}
	}
}
