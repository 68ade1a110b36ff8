// Package speakers runs a plenary session from its list of speakers: who
// has a role in the session (moderator, keynote speakers, subtopic experts),
// the event's table of precedence, inscriptions by delegations (from the
// RSVP page or by the Secretariat) within a window set per session, the
// order by level then time of inscription, moves with a reason, what
// happened to each speaker during the session, the chair's screen and a
// public view that follow the list across servers by polling its version,
// and the list as a PDF and the statements as a ZIP.
package speakers
