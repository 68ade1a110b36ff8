package badges

import "testing"

// TestInkOn: the ink of a band is the one of black and white that contrasts
// more with it, so that orange and light green get black, not white.
func TestInkOn(t *testing.T) {
	for _, tc := range []struct {
		r, g, b int
		want    int // 0 black, 255 white
	}{
		{0xEF, 0x6C, 0x00, 0}, // the demo's NGO orange: 6.8 against black, 3.1 against white
		{0x01, 0xFF, 0x00, 0},
		{0xF9, 0xA8, 0x25, 0},
		{0xFF, 0xFF, 0xFF, 0},
		{0x15, 0x65, 0xC0, 255},
		{0xC6, 0x28, 0x28, 255},
		{0x00, 0x00, 0x00, 255},
	} {
		if r, g, b := InkOn(tc.r, tc.g, tc.b); r != tc.want || g != tc.want || b != tc.want {
			t.Errorf("InkOn(#%02X%02X%02X) = %d %d %d, want %d", tc.r, tc.g, tc.b, r, g, b, tc.want)
		}
	}
}
