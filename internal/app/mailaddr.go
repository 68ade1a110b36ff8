package app

import "net/mail"

func parseAddress(s string) (*mail.Address, error) { return mail.ParseAddress(s) }
