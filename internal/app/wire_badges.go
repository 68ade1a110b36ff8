package app

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/labstack/echo/v4"

	"accreditation/internal/badges"
)

// wireBadges adds the badges package's services, routes and workers: the
// keyring under the master key (SIGNING_KEY_SECRET, else a key file in
// DATA_DIR), the lifecycle hooks on registration, and the print worker.
func (a *App) wireBadges(ctx context.Context, v1 *echo.Group) error {
	master, err := a.masterKey()
	if err != nil {
		return err
	}
	keys, err := badges.NewKeyring(a.DB.DB, master)
	if err != nil {
		return err
	}
	s := badges.NewService(a.DB.DB, keys)
	s.Prints.Log = a.Log
	a.Services.Badges = s
	h, r := s.Hooks(), &a.Services.Registration.Hooks
	r.Approved = append(r.Approved, h.Approved...)
	r.BackToReview = append(r.BackToReview, h.BackToReview...)
	r.Removed = append(r.Removed, h.Removed...)
	s.Routes(v1)
	a.AddWorker(func(ctx context.Context) {
		if err := keys.Check(ctx); err != nil {
			a.Log.Error("this server cannot issue badges", "error", err)
		}
		if err := s.EnsureKeys(ctx); err != nil {
			a.Log.Error("create the events' badge signing keys", "error", err)
		}
		s.Prints.Run(ctx)
	})
	return nil
}

func (a *App) masterKey() ([]byte, error) {
	if a.Config.SigningSecret != "" {
		k, err := badges.ParseMasterKey(a.Config.SigningSecret)
		if err != nil {
			return nil, fmt.Errorf("SIGNING_KEY_SECRET: %w", err)
		}
		return k, nil
	}
	return badges.LoadOrCreateMasterKey(filepath.Join(a.Config.DataDir, "signing-master.key"))
}
