package invitations

import "strings"

// InvitationSorts are the orders FindInvitations accepts in
// InvitationFilter.Sort, a leading "-" meaning descending: by delegation (in
// protocol order, the default), invitee (family name then given names),
// reference number, status, deadline and language.
var InvitationSorts = []string{"delegation", "invitee", "reference", "status", "deadline", "language"}

// invitationSortKeys are the SQL expressions of each order, most significant
// first; the invitee's name and the id always break ties, ascending.
var invitationSortKeys = map[string][]string{
	"delegation": {"delegations.protocol_order", "delegations.name_en"},
	"invitee":    {"invitations.family_name", "invitations.given_names"},
	"reference":  {"COALESCE(invitations.reference_number, '')"},
	"status":     {"invitations.status"},
	"deadline":   {"invitations.rsvp_deadline"},
	"language":   {"invitations.language"},
}

// invitationOrder is the ORDER BY of sort, one of InvitationSorts (anything
// else is the default: protocol order of the delegations).
func invitationOrder(sort string) string {
	col := strings.TrimPrefix(sort, "-")
	keys, ok := invitationSortKeys[col]
	if !ok {
		keys, sort = invitationSortKeys["delegation"], "delegation"
	}
	out := make([]string, 0, len(keys)+3)
	for _, k := range keys {
		if strings.HasPrefix(sort, "-") {
			k += " DESC"
		}
		out = append(out, k)
	}
	return strings.Join(append(out, "invitations.family_name", "invitations.given_names", "invitations.id"), ", ")
}
