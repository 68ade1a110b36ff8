package mail_test

import (
	"context"
	"sync"
	"testing"

	"gorm.io/gorm"

	"accreditation/internal/database"
	"accreditation/internal/mail"
)

// TestEnqueueTheSameKeyAtOnceQueuesOneMessage: concurrent transactions that
// queue one dispatch all succeed, and exactly one message is stored — on
// PostgreSQL the losers' transactions must not be aborted by the conflict.
func TestEnqueueTheSameKeyAtOnceQueuesOneMessage(t *testing.T) {
	for _, db := range []*database.DB{database.OpenTestSQLite(t), database.OpenTestPostgres(t)} {
		var wg sync.WaitGroup
		created := make(chan bool, 8)
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				err := db.Transaction(func(tx *gorm.DB) error {
					_, c, err := mail.NewStore(tx).Enqueue(context.Background(), mail.Envelope{Kind: "invitation", DedupeKey: "invitation:x:v1"},
						mail.Message{To: "minister@example.org", Subject: "Invitation"})
					if err != nil {
						return err
					}
					created <- c
					// The transaction goes on after the conflict, as dispatch does.
					return tx.Exec("SELECT 1").Error
				})
				if err != nil {
					t.Errorf("%s: %v", db.Dialect, err)
				}
			}()
		}
		wg.Wait()
		close(created)
		n := 0
		for c := range created {
			if c {
				n++
			}
		}
		var stored int64
		db.Table("outbox").Count(&stored)
		if n != 1 || stored != 1 {
			t.Errorf("%s: %d created, %d stored; want 1 and 1", db.Dialect, n, stored)
		}
	}
}
