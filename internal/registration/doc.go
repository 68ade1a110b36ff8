// Package registration is where delegations answer: the RSVP link's API and
// page, the members each delegation nominates within its quota, their photos,
// and the Secretariat's accreditation decisions.
package registration
