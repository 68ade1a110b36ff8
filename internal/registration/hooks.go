package registration

import (
	"context"

	"gorm.io/gorm"
)

// Hook runs inside the transaction that changed a participant; an error rolls
// the change back. Later packages (badges) register hooks at wiring time.
type Hook func(ctx context.Context, tx *gorm.DB, p Participant) error

// Hooks are what other packages do when a participant's accreditation changes.
type Hooks struct {
	// Approved runs when the Secretariat approves a participant (badges issues
	// version 1, or, for a suspended badge, supersedes it with the next version).
	Approved []Hook
	// BackToReview runs when an approved participant's name or photo changes
	// and they return to "nominated" (badges suspends the badge).
	BackToReview []Hook
	// Removed runs when a participant is rejected or withdrawn (badges revokes
	// the badge).
	Removed []Hook
}

// Run calls each hook in order and stops at the first error.
func Run(ctx context.Context, tx *gorm.DB, hooks []Hook, p Participant) error {
	for _, h := range hooks {
		if err := h(ctx, tx, p); err != nil {
			return err
		}
	}
	return nil
}
