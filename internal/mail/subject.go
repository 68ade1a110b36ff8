package mail

import "encoding/json"

// Subject is the subject line of the message an item carries, or "" when
// its payload cannot be read.
func (it Item) Subject() string {
	var m struct {
		Subject string `json:"subject"`
	}
	if err := json.Unmarshal([]byte(it.Payload), &m); err != nil {
		return ""
	}
	return m.Subject
}
