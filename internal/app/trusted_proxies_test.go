package app_test

import (
	"fmt"
	"strings"
	"testing"

	"accreditation/internal/app"
)

// TestTrustedProxiesAreAddressesOrNetworks: TRUSTED_PROXIES trusts nothing
// unless set, and takes addresses as well as networks.
func TestTrustedProxiesAreAddressesOrNetworks(t *testing.T) {
	for _, c := range []struct{ value, want, bad string }{
		{"", "[]", ""},
		{"none", "[]", ""},
		{"10.0.1.0/24", "[10.0.1.0/24]", ""},
		{" 10.0.1.7 , 2001:db8::1,192.168.0.0/16", "[10.0.1.7/32 2001:db8::1/128 192.168.0.0/16]", ""},
		{"the venue LAN", "", "TRUSTED_PROXIES"},
		{"10.0.1.300", "", "TRUSTED_PROXIES"},
	} {
		cfg, err := app.ConfigFromEnv(func(k string) string {
			return map[string]string{"DATA_DIR": t.TempDir(), "TRUSTED_PROXIES": c.value}[k]
		})
		if c.bad != "" {
			if err == nil || !strings.Contains(err.Error(), c.bad) {
				t.Errorf("TRUSTED_PROXIES=%q: error %v, want one naming %s", c.value, err, c.bad)
			}
			continue
		}
		if err != nil {
			t.Errorf("TRUSTED_PROXIES=%q: %v", c.value, err)
			continue
		}
		if got := fmt.Sprint(cfg.TrustedProxies); got != c.want {
			t.Errorf("TRUSTED_PROXIES=%q: %s, want %s", c.value, got, c.want)
		}
	}
}
