package main

// auditRows are the audit log's entries of the seeded people, as the
// services would have written them: a nomination for every participant (by
// the RSVP link) and an issue for every badge version (by the Secretariat),
// so that the event's log pages through about as many entries as people.
func (s *seeder) auditRows() {
	s.exec(`INSERT INTO audit_log (id, at, actor_kind, actor_id, actor_name, action, entity, entity_id, event_id, after, request_id)
		SELECT id, created_at, 'rsvp', '', '', 'nominate', 'participant', id, event_id,
			'{"status":"nominated","given_names":"' || given_names || '"}', ''
		FROM participants WHERE event_id = ?`, s.ev.ID)
	s.exec(`INSERT INTO audit_log (id, at, actor_kind, actor_id, actor_name, action, entity, entity_id, event_id, before, after, request_id)
		SELECT id, updated_at, 'user', '', 'bench-secretariat@example.org', 'issue', 'badge', id, event_id,
			'{"status":"none"}', '{"status":"' || status || '","version":' || CAST(version AS TEXT) || '}', ''
		FROM badges WHERE event_id = ?`, s.ev.ID)
}
