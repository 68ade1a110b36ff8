package demo

import (
	"bytes"
	"hash/fnv"
	"image"
	"image/color"
	"image/jpeg"
	"math"
	"math/rand/v2"
)

// Portraits are drawn on a 600×800 plan and rendered at half scale: 300×400
// pixels, 3:4 like a passport photo, the smallest photo registration
// accepts, so that the first start (and every test that loads the demo,
// several times slower under the race detector) draws, encodes and
// re-encodes as little as a portrait needs.
const (
	portraitW = 600
	portraitH = 800
	scale     = 0.5
)

// look is what a stylised portrait varies: colours and a few features.
type look struct {
	background, backgroundLow color.RGBA
	skin, hair, clothes       color.RGBA
	shirt, tie                color.RGBA
	hairStyle                 int // 0 short, 1 long, 2 bald sides, 3 headscarf, 4 very short
	beard, glasses, wearsTie  bool
	headRX, headRY            float64
}

var (
	backgrounds = []color.RGBA{rgb(0xDD, 0xE7, 0xF0), rgb(0xE3, 0xEE, 0xE4), rgb(0xF1, 0xE8, 0xDA), rgb(0xE7, 0xE1, 0xF0),
		rgb(0xE9, 0xEC, 0xEF), rgb(0xF3, 0xE3, 0xDC), rgb(0xDC, 0xEB, 0xEF), rgb(0xEE, 0xEA, 0xD0)}
	skins = []color.RGBA{rgb(0xF5, 0xD6, 0xC6), rgb(0xEB, 0xC4, 0xA8), rgb(0xE0, 0xAC, 0x8A), rgb(0xC6, 0x8E, 0x6B),
		rgb(0xA8, 0x6F, 0x4E), rgb(0x8D, 0x5A, 0x3B), rgb(0x6B, 0x43, 0x29), rgb(0x4E, 0x2F, 0x1E)}
	hairs = []color.RGBA{rgb(0x1E, 0x1A, 0x18), rgb(0x3B, 0x2A, 0x20), rgb(0x5A, 0x3E, 0x2B), rgb(0x7A, 0x3B, 0x22),
		rgb(0xB8, 0x92, 0x5A), rgb(0x9A, 0x9A, 0x9A), rgb(0xD8, 0xD8, 0xD4)}
	clothes = []color.RGBA{rgb(0x1F, 0x2F, 0x4F), rgb(0x33, 0x38, 0x40), rgb(0x5C, 0x64, 0x70), rgb(0x1A, 0x1A, 0x1E),
		rgb(0x5E, 0x1F, 0x2B), rgb(0x23, 0x46, 0x3A), rgb(0x8A, 0x6E, 0x4B), rgb(0x1E, 0x5A, 0x66), rgb(0x6A, 0x2E, 0x5A)}
	shirts  = []color.RGBA{rgb(0xFA, 0xFA, 0xF7), rgb(0xDC, 0xE8, 0xF5), rgb(0xF3, 0xDC, 0xE0), rgb(0xEE, 0xEE, 0xE8)}
	ties    = []color.RGBA{rgb(0x9E, 0x2B, 0x2B), rgb(0x2B, 0x4A, 0x9E), rgb(0x2E, 0x6B, 0x4A), rgb(0xB0, 0x8A, 0x2E), rgb(0x5B, 0x3A, 0x7A)}
	scarves = []color.RGBA{rgb(0x3A, 0x4E, 0x7A), rgb(0x7A, 0x3A, 0x4E), rgb(0x2E, 0x5E, 0x5A), rgb(0xC9, 0xB7, 0x9C),
		rgb(0x5A, 0x4A, 0x6A), rgb(0x2A, 0x2A, 0x34), rgb(0x8C, 0x6B, 0x4A)}
)

func rgb(r, g, b uint8) color.RGBA { return color.RGBA{r, g, b, 0xFF} }

// newLook picks a portrait's look from the person's key, so that the same
// person always gets the same picture. skinFrom/skinTo bound the skin tones
// (indexes into skins); scarf is the chance that a woman wears a headscarf
// and beard the chance that a man has a beard.
func newLook(key string, female bool, skinFrom, skinTo int, scarf, beard float64) look {
	h := fnv.New64a()
	h.Write([]byte(key))
	r := rand.New(rand.NewPCG(h.Sum64(), 2013))
	pick := func(cs []color.RGBA) color.RGBA { return cs[r.IntN(len(cs))] }
	l := look{background: pick(backgrounds), skin: skins[skinFrom+r.IntN(skinTo-skinFrom+1)],
		clothes: pick(clothes), shirt: pick(shirts), tie: pick(ties),
		headRX: 118 + float64(r.IntN(22)), headRY: 150 + float64(r.IntN(24))}
	l.backgroundLow = shade(l.background, 0.88)
	l.hair = hairs[r.IntN(3)]
	if r.Float64() < 0.25 {
		l.hair = hairs[3+r.IntN(4)]
	}
	l.glasses = r.Float64() < 0.25
	if female {
		l.hairStyle = []int{0, 1, 1}[r.IntN(3)]
		if r.Float64() < scarf {
			l.hairStyle, l.hair = 3, pick(scarves)
		}
		l.headRX -= 8
		return l
	}
	l.hairStyle = []int{0, 0, 2, 4}[r.IntN(4)]
	l.beard = r.Float64() < beard
	l.wearsTie = r.Float64() < 0.8
	return l
}

// Portrait draws a stylised head-and-shoulders portrait of l as a JPEG.
func (l look) Portrait() []byte {
	w, h := int(portraitW*scale), int(portraitH*scale)
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		c := mix(l.background, l.backgroundLow, float64(y)/float64(h))
		row := img.Pix[y*img.Stride : y*img.Stride+4*w]
		for i := 0; i < len(row); i += 4 {
			row[i], row[i+1], row[i+2], row[i+3] = c.R, c.G, c.B, c.A
		}
	}
	const cx = portraitW / 2
	headCY := 330.0
	if l.hairStyle == 1 {
		fill(img, l.hair, ellipse(cx, headCY+95, l.headRX+42, l.headRY+120))
	}
	l.body(img, cx, headCY)
	if l.hairStyle == 3 {
		fill(img, l.hair, ellipse(cx, headCY+10, l.headRX+46, l.headRY+52))
		fill(img, l.hair, ellipse(cx, headCY+l.headRY+40, l.headRX+75, 90))
	} else {
		ear := shade(l.skin, 0.94)
		fill(img, ear, ellipse(cx-l.headRX+4, headCY+10, 22, 36))
		fill(img, ear, ellipse(cx+l.headRX-4, headCY+10, 22, 36))
	}
	fill(img, l.skin, ellipse(cx, headCY, l.headRX, l.headRY))
	l.hairOn(img, cx, headCY)
	l.face(img, cx, headCY)
	var out bytes.Buffer
	// Encoding an in-memory RGBA image cannot fail.
	_ = jpeg.Encode(&out, img, &jpeg.Options{Quality: 88})
	return out.Bytes()
}

// body draws the neck, the shoulders, and the collar with or without a tie.
func (l look) body(img *image.RGBA, cx, headCY float64) {
	neckTop, neckBottom := headCY+l.headRY-40, headCY+l.headRY+70
	fill(img, shade(l.skin, 0.9), rect(cx-52, neckTop, cx+52, neckBottom))
	fill(img, l.clothes, ellipse(cx, portraitH+80, 290, 300))
	if l.hairStyle == 3 {
		return
	}
	collarY := neckBottom - 18
	fill(img, l.shirt, polygon([][2]float64{{cx - 70, collarY}, {cx + 70, collarY}, {cx, collarY + 170}}))
	fill(img, shade(l.skin, 0.9), polygon([][2]float64{{cx - 44, collarY}, {cx + 44, collarY}, {cx, collarY + 60}}))
	if l.wearsTie {
		fill(img, l.tie, polygon([][2]float64{{cx - 13, collarY + 50}, {cx + 13, collarY + 50}, {cx + 22, collarY + 160},
			{cx, collarY + 185}, {cx - 22, collarY + 160}}))
	}
}

// hairOn draws the hair over the head, or the headscarf's band.
func (l look) hairOn(img *image.RGBA, cx, headCY float64) {
	rx, ry := l.headRX, l.headRY
	top := ellipse(cx, headCY-ry*0.18, rx+10, ry*0.92)
	hairline := func(x, y float64) float64 {
		dx := (x - cx) / rx
		return clamp(headCY-ry*0.48+ry*0.55*dx*dx-y+0.5, 0, 1)
	}
	switch l.hairStyle {
	case 0, 1:
		fill(img, l.hair, clip(top, hairline))
	case 4:
		short := func(x, y float64) float64 {
			dx := (x - cx) / rx
			return clamp(headCY-ry*0.62+ry*0.5*dx*dx-y+0.5, 0, 1)
		}
		fill(img, l.hair, clip(top, short))
	case 2:
		// A fringe of hair over the ears, none on top.
		inner := ellipse(cx, headCY-ry*0.1, rx-26, ry-10)
		sides := func(x, y float64) float64 {
			return math.Min(1-inner.cov(x, y), clamp(math.Min(y-(headCY-ry*0.42), headCY+ry*0.08-y)/12, 0, 1))
		}
		fill(img, l.hair, clip(ellipse(cx, headCY-ry*0.1, rx+8, ry), sides))
	case 3:
		band := func(x, y float64) float64 {
			dx := (x - cx) / rx
			return clamp(headCY-ry*0.58+ry*0.3*dx*dx-y+0.5, 0, 1)
		}
		fill(img, l.hair, clip(ellipse(cx, headCY, rx+4, ry+4), band))
	}
}

// face draws the eyes, eyebrows, nose, mouth, and any beard and glasses.
func (l look) face(img *image.RGBA, cx, headCY float64) {
	rx, ry := l.headRX, l.headRY
	eyeY, eyeDX := headCY-ry*0.06, rx*0.4
	brow := shade(l.hair, 0.8)
	if l.hairStyle == 3 || l.hair == hairs[6] || l.hair == hairs[5] {
		brow = rgb(0x3B, 0x2A, 0x20)
	}
	for _, s := range []float64{-1, 1} {
		x := cx + s*eyeDX
		fill(img, rgb(0xFB, 0xFB, 0xF8), ellipse(x, eyeY, 22, 12))
		fill(img, rgb(0x2B, 0x22, 0x1C), ellipse(x, eyeY, 10, 10))
		fill(img, brow, clip(ellipse(x, eyeY-26, 30, 9), func(_, y float64) float64 { return clamp(eyeY-24-y+0.5, 0, 1) }))
		if l.glasses {
			fill(img, rgb(0x2A, 0x2A, 0x30), ring(x, eyeY, 40, 30, 5))
		}
	}
	if l.glasses {
		fill(img, rgb(0x2A, 0x2A, 0x30), rect(cx-eyeDX+40, eyeY-3, cx+eyeDX-40, eyeY+2))
	}
	fill(img, shade(l.skin, 0.88), ellipse(cx, headCY+ry*0.2, 14, 26))
	mouthY := headCY + ry*0.45
	if l.beard {
		// Higher at the sides (sideburns) than under the nose.
		chin := func(x, y float64) float64 {
			dx := (x - cx) / rx
			return clamp(y-(headCY+ry*0.3-ry*0.12*dx*dx)+0.5, 0, 1)
		}
		fill(img, l.hair, clip(ellipse(cx, headCY+8, rx+2, ry+8), chin))
	}
	lips := mix(l.skin, rgb(0xA0, 0x40, 0x40), 0.45)
	smile := func(x, y float64) float64 { return clamp(y-mouthY+0.5, 0, 1) }
	fill(img, lips, clip(ring(cx, mouthY-8, 36, 20, 7), smile))
}

// shape is a coverage function (how much of the pixel at (x, y) the shape
// covers, from 0 to 1) and the box outside which it covers nothing.
type shape struct {
	cov            func(x, y float64) float64
	x0, y0, x1, y1 float64
}

// fill blends c over img wherever s, on the plan, covers it.
func fill(img *image.RGBA, c color.RGBA, s shape) {
	b := image.Rect(int(s.x0*scale)-1, int(s.y0*scale)-1, int(s.x1*scale)+2, int(s.y1*scale)+2).Intersect(img.Bounds())
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			a := s.cov((float64(x)+0.5)/scale, (float64(y)+0.5)/scale)
			switch {
			case a <= 0:
			case a < 1:
				img.SetRGBA(x, y, mix(img.RGBAAt(x, y), c, a))
			default:
				img.SetRGBA(x, y, c)
			}
		}
	}
}

// ellipse covers an ellipse, smoothed over about one pixel at its edge.
func ellipse(cx, cy, rx, ry float64) shape {
	r := math.Min(rx, ry)
	// Inside lo² the pixel is covered, outside hi² it is not: no square root.
	lo, hi := math.Pow(max(0, 1-0.5/r), 2), math.Pow(1+0.5/r, 2)
	return shape{cov: func(x, y float64) float64 {
		dx, dy := (x-cx)/rx, (y-cy)/ry
		d2 := dx*dx + dy*dy
		switch {
		case d2 <= lo:
			return 1
		case d2 >= hi:
			return 0
		}
		return clamp((1-math.Sqrt(d2))*r+0.5, 0, 1)
	}, x0: cx - rx, y0: cy - ry, x1: cx + rx, y1: cy + ry}
}

// ring covers the band of width w inside the ellipse's edge.
func ring(cx, cy, rx, ry, w float64) shape {
	inner := ellipse(cx, cy, rx-w, ry-w)
	return clip(ellipse(cx, cy, rx, ry), func(x, y float64) float64 { return 1 - inner.cov(x, y) })
}

func rect(x0, y0, x1, y1 float64) shape {
	return shape{cov: func(x, y float64) float64 {
		return clamp(math.Min(math.Min(x-x0, x1-x), math.Min(y-y0, y1-y))+0.5, 0, 1)
	}, x0: x0, y0: y0, x1: x1, y1: y1}
}

// polygon covers a convex polygon whose points run clockwise on screen.
func polygon(pts [][2]float64) shape {
	s := shape{x0: math.Inf(1), y0: math.Inf(1), x1: math.Inf(-1), y1: math.Inf(-1)}
	for _, p := range pts {
		s.x0, s.y0, s.x1, s.y1 = math.Min(s.x0, p[0]), math.Min(s.y0, p[1]), math.Max(s.x1, p[0]), math.Max(s.y1, p[1])
	}
	s.cov = func(x, y float64) float64 {
		d := math.Inf(1)
		for i, p := range pts {
			q := pts[(i+1)%len(pts)]
			ex, ey := q[0]-p[0], q[1]-p[1]
			// Distance to the edge's line, positive inside (to its right on screen).
			d = math.Min(d, (ex*(y-p[1])-ey*(x-p[0]))/math.Hypot(ex, ey))
		}
		return clamp(d+0.5, 0, 1)
	}
	return s
}

// clip keeps the part of s that cov also covers.
func clip(s shape, cov func(x, y float64) float64) shape {
	inner := s.cov
	s.cov = func(x, y float64) float64 {
		v := inner(x, y)
		if v <= 0 {
			return 0
		}
		return math.Min(v, cov(x, y))
	}
	return s
}

func clamp(v, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, v)) }

// mix returns a blended toward b by t.
func mix(a, b color.RGBA, t float64) color.RGBA {
	f := func(x, y uint8) uint8 { return uint8(float64(x) + (float64(y)-float64(x))*t + 0.5) }
	return color.RGBA{f(a.R, b.R), f(a.G, b.G), f(a.B, b.B), 0xFF}
}

// shade darkens c by factor k (below 1).
func shade(c color.RGBA, k float64) color.RGBA { return mix(rgb(0, 0, 0), c, k) }
