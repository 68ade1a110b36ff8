// Package visa is what the Secretariat gives delegates who need a visa to
// come: the event asks for passport details on the RSVP page, they are kept
// sealed under the master key and shown only to the Secretariat, a visa
// support letter in English and the participant's chosen language is drawn
// from them, and a background job erases them a number of days after the
// event's last day.
package visa
