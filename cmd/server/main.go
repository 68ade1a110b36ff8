// Command server runs the accreditation service.
package main

func main() {}
