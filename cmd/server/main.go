// Command server runs the accreditation service.
//
//	server [serve]          migrate, load the demo conference into an empty database, and serve HTTP
//	server migrate [up]     apply pending migrations
//	server migrate status   list migrations and whether each is applied
//	server version          print the version
//
// Configuration comes from the environment; see the README.
package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"accreditation/internal/app"
	"accreditation/internal/database"
	"accreditation/internal/httpx"
)

var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		stop()
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	app.Version = version
	cmd := "serve"
	if len(args) > 0 {
		cmd = args[0]
	}
	switch cmd {
	case "version", "--version", "-v":
		fmt.Fprintln(stdout, "accreditation server", version)
		return nil
	case "serve", "migrate":
	case "help", "--help", "-h":
		fmt.Fprintln(stdout, "usage: server [serve | migrate [up|status] | version]")
		return nil
	default:
		return fmt.Errorf("unknown command %q; try: server help", cmd)
	}
	cfg, err := app.ConfigFromEnv(app.Environ)
	if err != nil {
		return fmt.Errorf("the configuration is not valid:\n%w", err)
	}
	log := httpx.NewLogger(stderr, levelOf(cfg.LogLevel))
	if cmd == "migrate" {
		return migrate(ctx, cfg, log, args[1:], stdout)
	}
	return serve(ctx, cfg, log)
}

func serve(ctx context.Context, cfg app.Config, log *slog.Logger) error {
	a, err := app.New(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer a.Close()
	if err := a.Start(ctx); err != nil {
		return err
	}
	base := cfg.PublicBaseURL
	log.Info("accreditation service listening", "addr", cfg.HTTPAddr, "database", a.DB.Where,
		"api_reference", base+"/api/docs", "health", base+"/healthz", "version", version)
	if err := a.Run(ctx); err != nil {
		return err
	}
	log.Info("stopped")
	return nil
}

func migrate(ctx context.Context, cfg app.Config, log *slog.Logger, args []string, stdout io.Writer) error {
	db, err := database.Open(ctx, cfg.DatabaseURL, cfg.DataDir)
	if err != nil {
		return err
	}
	defer db.Close()
	sub := "up"
	if len(args) > 0 {
		sub = args[0]
	}
	switch sub {
	case "up":
		return db.Migrate(ctx, log)
	case "status":
		st, err := db.Status(ctx)
		if err != nil {
			return err
		}
		for _, s := range st {
			state := "pending"
			if s.Applied {
				state = "applied " + s.AppliedAt.UTC().Format("2006-01-02 15:04:05Z")
			}
			fmt.Fprintf(stdout, "%04d  %-32s %s\n", s.Version, s.File, state)
		}
		return nil
	}
	return fmt.Errorf("unknown migrate command %q: use up or status", sub)
}

func levelOf(s string) slog.Level {
	var l slog.Level
	_ = l.UnmarshalText([]byte(s))
	return l
}
