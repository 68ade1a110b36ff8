// Package app wires the service together: configuration, the database, every
// domain package's routes and workers, and the operational endpoints.
package app

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"accreditation/api"
	"accreditation/internal/apperr"
	"accreditation/internal/audit"
	"accreditation/internal/auth"
	"accreditation/internal/database"
	"accreditation/internal/httpx"
	"accreditation/internal/web"
)

// Version is the build's version, set by the linker.
var Version = "dev"

// App is a wired server.
type App struct {
	Config  Config
	DB      *database.DB
	Log     *slog.Logger
	Echo    *echo.Echo
	Auth    *auth.Service
	workers []func(context.Context)
	// LoadDemo loads the demo conference into an empty database; set by wiring.
	LoadDemo func(context.Context) error
	// Services wired by the domain packages, for other packages' wiring and for tests.
	Services Services
}

// New opens and migrates the database, loads the demo conference into an
// empty database, makes sure an admin exists, and builds the HTTP server.
func New(ctx context.Context, cfg Config, log *slog.Logger) (*App, error) {
	db, err := database.Open(ctx, cfg.DatabaseURL, cfg.DataDir)
	if err != nil {
		return nil, err
	}
	if err := db.Migrate(ctx, log); err != nil {
		_ = db.Close()
		return nil, err
	}
	a, err := Build(ctx, cfg, db, log)
	if err != nil {
		_ = db.Close()
		return nil, err
	}
	return a, nil
}

// Build wires the server over an open, migrated database.
func Build(ctx context.Context, cfg Config, db *database.DB, log *slog.Logger) (*App, error) {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		collectors.NewDBStatsCollector(db.SQL(), string(db.Dialect)))
	a := &App{Config: cfg, DB: db, Log: log, Auth: auth.NewService(db.DB)}
	a.Echo = httpx.New(httpx.Options{Log: log, Registry: reg, CORSOrigins: cfg.CORSOrigins,
		TrustedProxies: cfg.TrustedProxies})

	a.Echo.GET("/healthz", func(c echo.Context) error {
		return httpx.JSON(c, http.StatusOK, map[string]string{"status": "ok", "version": Version})
	})
	a.Echo.GET("/readyz", a.ready)
	a.Echo.GET("/metrics", echo.WrapHandler(promhttp.HandlerFor(reg, promhttp.HandlerOpts{})))
	a.Echo.GET("/api/openapi.yaml", func(c echo.Context) error {
		return c.Blob(http.StatusOK, "application/yaml", api.OpenAPI)
	})

	docs := web.DocsPage("/api/openapi.yaml")
	a.Echo.GET("/api/docs", func(c echo.Context) error { return c.HTMLBlob(http.StatusOK, docs) })
	a.Echo.StaticFS(strings.TrimSuffix(web.StaticPrefix, "/"), web.Static)

	// No query or path parameter of the API reaches a handler unless it is clean text.
	v1 := a.Echo.Group("/api/v1", httpx.CheckParams, a.Auth.Middleware)
	a.Auth.Routes(v1)
	v1.GET("/audit", a.listAudit, auth.Allow(auth.Admins...))
	if err := a.wireDomain(ctx, v1); err != nil {
		return nil, err
	}
	a.wireConsole()
	return a, nil
}

// wireDomain adds the conference's own packages.
func (a *App) wireDomain(ctx context.Context, v1 *echo.Group) error {
	for _, wire := range []func(context.Context, *echo.Group) error{
		a.wireEvent, a.wireInvitations, a.wireRegistration, a.wireBadges, a.wireCheckin, a.wireVisa, a.wireSpeakers, a.wireDocuments,
	} {
		if err := wire(ctx, v1); err != nil {
			return err
		}
	}
	return nil
}

func (a *App) ready(c echo.Context) error {
	ctx, cancel := context.WithTimeout(c.Request().Context(), 2*time.Second)
	defer cancel()
	if err := a.DB.Ping(ctx); err != nil {
		a.Log.Warn("readiness check failed", "error", err)
		return httpx.JSON(c, http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "database": "unreachable"})
	}
	return httpx.JSON(c, http.StatusOK, map[string]string{"status": "ready", "database": string(a.DB.Dialect)})
}

func (a *App) listAudit(c echo.Context) error {
	p, err := httpx.ParsePage(c)
	if err != nil {
		return err
	}
	f := audit.Filter{Entity: c.QueryParam("entity"), EntityID: c.QueryParam("entity_id"),
		ActorID: c.QueryParam("actor_id"), EventID: c.QueryParam("event_id"), Action: c.QueryParam("action"), Page: p}
	var v apperr.Validator
	for name, dst := range map[string]**time.Time{"since": &f.Since, "until": &f.Until} {
		if s := c.QueryParam(name); s != "" {
			t, err := time.Parse(time.RFC3339, s)
			v.Check(err == nil, name, "must be an RFC 3339 time")
			*dst = &t
		}
	}
	if f.EventID != "" {
		v.Check(httpx.IsUUID(f.EventID), "event_id", "must be a UUID")
	}
	if err := v.Err(); err != nil {
		return err
	}
	entries, total, err := audit.NewStore(a.DB.DB).Find(c.Request().Context(), f)
	if err != nil {
		return err
	}
	return httpx.JSON(c, http.StatusOK, httpx.NewList(entries, total, p))
}

// Run starts the background workers and serves HTTP until ctx ends, then
// shuts down gracefully.
func (a *App) Run(ctx context.Context) error {
	wctx, stop := context.WithCancel(ctx)
	defer stop()
	a.StartWorkers(wctx)
	return httpx.Serve(ctx, a.Echo, a.Config.HTTPAddr, 20*time.Second)
}

// StartWorkers starts the background workers (mail, print jobs, expiry,
// reminders), which run until ctx ends. Run calls it; tests that drive the
// whole product call it beside their own HTTP server.
func (a *App) StartWorkers(ctx context.Context) {
	for _, w := range a.workers {
		go w(ctx)
	}
}

// AddWorker registers a background job started by Run.
func (a *App) AddWorker(w func(context.Context)) { a.workers = append(a.workers, w) }

// Close releases the database.
func (a *App) Close() error { return a.DB.Close() }

// Start prepares a fresh database for use: the demo conference when there is
// no event, and the first admin when there is no account (its generated
// password is logged once).
func (a *App) Start(ctx context.Context) error {
	if err := a.loadDemo(ctx); err != nil {
		return err
	}
	created, generated, err := a.Auth.EnsureAdmin(ctx, a.Config.AdminEmail, a.Config.AdminPassword)
	if err != nil {
		return fmt.Errorf("create the first admin: %w", err)
	}
	switch {
	case created && generated != "":
		a.Log.Warn("first admin created; this password is shown once, change it after logging in",
			"email", a.Config.AdminEmail, "password", generated, "console", a.Config.PublicBaseURL+"/", "api_login", "POST "+a.Config.PublicBaseURL+"/api/v1/sessions")
	case created:
		a.Log.Info("first admin created from ADMIN_EMAIL and ADMIN_PASSWORD", "email", a.Config.AdminEmail,
			"console", a.Config.PublicBaseURL+"/")
	}
	return nil
}

// loadDemo loads the demo conference when set by the event package's wiring.
func (a *App) loadDemo(ctx context.Context) error {
	if a.LoadDemo == nil {
		return nil
	}
	return a.LoadDemo(ctx)
}
