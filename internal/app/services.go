package app

import "accreditation/internal/checkin"

// Services holds each domain package's service once wired, so that later
// packages can register hooks on earlier ones and tests can reach them.
// Each domain adds its field here.
type Services struct {
	Checkin *checkin.Service
}
