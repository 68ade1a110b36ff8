package httpx

import (
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"accreditation/internal/apperr"
)

// TestDecodeHoldsEveryStringToTheTextRule: whatever the target type, a string
// anywhere in a JSON body that is not text is refused naming its field.
func TestDecodeHoldsEveryStringToTheTextRule(t *testing.T) {
	type body struct {
		Name  string            `json:"name"`
		Texts map[string]string `json:"texts"`
		List  []struct {
			Code string `json:"code"`
		} `json:"list"`
		Any any `json:"any"`
	}
	cases := []struct{ name, in, field string }{
		{"clean", `{"name":"Anne","texts":{"en":"Dear Sir,\n\tWelcome\u200c"},"list":[{"code":"x"}],"any":[1,{"a":"b"}]}`, ""},
		{"NUL", `{"name":"a\u0000"}`, "name"},
		{"escape in a map", `{"texts":{"en":"\u001b"}}`, "texts.en"},
		{"override in a list", `{"list":[{"code":"x"},{"code":"\u202e"}]}`, "list[1].code"},
		{"unpaired surrogate", `{"any":{"deep":["\ud800"]}}`, "any.deep[0]"},
		{"a key", `{"texts":{"e\u0000n":"x"}}`, "texts.e\x00n"},
		{"DEL", `{"name":"\u007f"}`, "name"},
		{"lone carriage return", `{"name":"a\rb"}`, "name"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var v body
			err := Decode([]byte(c.in), &v)
			if c.field == "" {
				if err != nil {
					t.Fatalf("Decode: %v", err)
				}
				return
			}
			var e *apperr.Error
			if !errors.As(err, &e) || e.Kind != apperr.Invalid || len(e.Fields) != 1 || e.Fields[0].Field != c.field {
				t.Fatalf("Decode(%s) = %v, want Invalid naming %q", c.in, err, c.field)
			}
		})
	}
}

// TestCheckParamsRefusesParametersThatAreNotText: query and path
// parameters are held to names.Clean and MaxParam.
func TestCheckParamsRefusesParametersThatAreNotText(t *testing.T) {
	e := New(Options{Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	e.GET("/things/:id", func(c echo.Context) error { return c.NoContent(http.StatusNoContent) }, CheckParams)
	cases := []struct {
		target string
		want   int
		field  string
	}{
		{"/things/abc?q=Lef%C3%A8vre&q=+", 204, ""},
		{"/things/abc?q=a%00b", 400, `"q"`},
		{"/things/abc?q=%E2%80%AE", 400, `"q"`},
		{"/things/abc?q=%ff", 400, `"q"`},
		{"/things/abc?q=a%0Ab", 400, `"q"`},
		{"/things/abc?q=" + strings.Repeat("x", MaxParam+1), 400, "at most"},
		{"/things/a%01b", 400, `"id"`},
	}
	for _, c := range cases {
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, c.target, nil))
		if rec.Code != c.want || !strings.Contains(rec.Body.String(), c.field) {
			t.Errorf("GET %.60s: %d %s, want %d naming %s", c.target, rec.Code, rec.Body, c.want, c.field)
		}
	}
}
