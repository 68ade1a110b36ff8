package database

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/stdlib"
)

// The schema's times are TIMESTAMP (without time zone; the one type both
// databases share) and always hold UTC. PostgreSQL's driver writes a
// time.Time to such a column by dropping its zone and keeping its wall clock,
// so 10:00+04:00 would be stored as 10:00 UTC. utcTimestamps makes every
// connection convert a time to UTC first, so that no caller can get this
// wrong.
var utcTimestamps = stdlib.OptionAfterConnect(func(_ context.Context, conn *pgx.Conn) error {
	conn.TypeMap().RegisterType(&pgtype.Type{Name: "timestamp", OID: pgtype.TimestampOID,
		Codec: utcTimestampCodec{&pgtype.TimestampCodec{ScanLocation: time.UTC}}})
	return nil
})

type utcTimestampCodec struct{ *pgtype.TimestampCodec }

func (c utcTimestampCodec) PlanEncode(m *pgtype.Map, oid uint32, format int16, value any) pgtype.EncodePlan {
	next := c.TimestampCodec.PlanEncode(m, oid, format, value)
	if next == nil {
		return nil
	}
	return utcPlan{next}
}

type utcPlan struct{ next pgtype.EncodePlan }

func (p utcPlan) Encode(value any, buf []byte) ([]byte, error) {
	// pgx hands a time.Time to the codec wrapped as a TimestampValuer.
	if v, ok := value.(pgtype.TimestampValuer); ok {
		ts, err := v.TimestampValue()
		if err != nil {
			return nil, err
		}
		ts.Time = ts.Time.UTC()
		value = ts
	}
	return p.next.Encode(value, buf)
}
