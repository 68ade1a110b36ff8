package auth

import (
	"errors"
	"strconv"
)

func asErr[T error](err error, target *T) bool { return errors.As(err, target) }

func itoa(n int) string { return strconv.Itoa(n) }
