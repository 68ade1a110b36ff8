package console

import (
	"strconv"

	"accreditation/internal/checkin"
)

// The chart's drawing area, in the SVG's own units.
const (
	chartWidth  = 960
	chartPlot   = 200 // height of the bars' area
	chartHeight = chartPlot + 24
)

// Chart is a day's entries and exits drawn as pairs of bars, one pair per
// span of the day, laid right to left in a right-to-left language.
type Chart struct {
	Width, Height, Plot int
	Bars                []ChartBar
	Ticks               []ChartTick
	Max                 int
	Entries, Exits      int
	Step                int
}

// ChartBar is one span's two bars.
type ChartBar struct {
	Index          int
	Label          string
	Entries, Exits int
	InX, OutX, W   string
	InY, InH       string
	OutY, OutH     string
}

// ChartTick is a time written under the bars, from the start of its span
// (Anchor is the SVG text-anchor: "start", or "end" right to left).
type ChartTick struct {
	X, Label, Anchor string
}

func num(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) }

// newChart lays out a timeline's bars.
func newChart(t checkin.Timeline, rtl bool) Chart {
	n := len(t.Buckets)
	ch := Chart{Width: chartWidth, Height: chartHeight, Plot: chartPlot, Max: t.Max, Entries: t.Entries, Exits: t.Exits, Step: t.Step}
	if n == 0 {
		return ch
	}
	gw := float64(chartWidth) / float64(n)
	every := max(1, 180/max(1, t.Step)) // a time every three hours
	for i, b := range t.Buckets {
		slot := i
		if rtl {
			slot = n - 1 - i
		}
		x0 := float64(slot) * gw
		inX, outX := x0+gw*0.1, x0+gw*0.5
		if rtl {
			inX, outX = outX, inX
		}
		inH, outH := barHeight(b.Entries, t.Max), barHeight(b.Exits, t.Max)
		ch.Bars = append(ch.Bars, ChartBar{Index: i, Label: b.Label, Entries: b.Entries, Exits: b.Exits,
			InX: num(inX), OutX: num(outX), W: num(gw * 0.4),
			InY: num(chartPlot - inH), InH: num(inH), OutY: num(chartPlot - outH), OutH: num(outH)})
		if i%every == 0 && rtl {
			ch.Ticks = append(ch.Ticks, ChartTick{X: num(x0 + gw - 2), Label: b.Label, Anchor: "end"})
		} else if i%every == 0 {
			ch.Ticks = append(ch.Ticks, ChartTick{X: num(x0 + 2), Label: b.Label, Anchor: "start"})
		}
	}
	return ch
}

func barHeight(v, top int) float64 {
	if top <= 0 || v <= 0 {
		return 0
	}
	return float64(v) * chartPlot / float64(top)
}

// liveFigures are every figure of the attendance page by the key its
// element carries (data-live), for the page's script to put in place.
func liveFigures(p *Page, v attendanceView) map[string]any {
	vals := map[string]int{"inside": v.Live.InsideNow, "arrived": v.Live.Arrived, "accredited": v.Live.Accredited,
		"entries": v.Chart.Entries, "exits": v.Chart.Exits, "max": v.Chart.Max}
	for _, z := range v.Zones {
		vals["zone:"+z.ID] = z.Inside
	}
	for _, f := range v.Checkpoints {
		vals["cp:"+f.CheckpointID+":in"], vals["cp:"+f.CheckpointID+":out"] = f.Entries, f.Exits
		vals["cp:"+f.CheckpointID+":refused"] = f.Refused
	}
	for prefix, lines := range map[string][]GroupLine{"del:": v.Delegations, "cat:": v.Categories} {
		for _, g := range lines {
			vals[prefix+g.ID+":acc"], vals[prefix+g.ID+":arr"] = g.Accredited, g.Arrived
			vals[prefix+g.ID+":in"] = g.InsideNow
		}
	}
	bars := make([]map[string]int, len(v.Chart.Bars))
	for i, b := range v.Chart.Bars {
		vals["b:"+strconv.Itoa(i)+":in"], vals["b:"+strconv.Itoa(i)+":out"] = b.Entries, b.Exits
		bars[i] = map[string]int{"in": b.Entries, "out": b.Exits}
	}
	at := v.Live.At.In(p.Event.Location()).Format("15:04:05")
	return map[string]any{"at": at, "day": v.Live.Day, "values": vals, "bars": bars, "max": v.Chart.Max, "plot": chartPlot}
}
