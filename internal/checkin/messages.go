package checkin

import "accreditation/internal/i18n"

// Extra message keys beside the verdicts.
const (
	msgSuspended  = "suspended"
	msgOtherEvent = "other_event"
	msgExit       = "exit"
	// msgNotRegistered: not_valid_here at a checkpoint guarding a session
	// the holder is not registered for.
	msgNotRegistered = "not_registered"
)

// message returns the door text for key (a verdict or one of the keys above)
// in lang, else in English, from the message catalogue (namespace "door").
func message(key, lang string) string { return i18n.T(lang, "door."+key) }
