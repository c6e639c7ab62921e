exception Oops {}
service Jobs {
  oneway void fire() throws (1: Oops oops)
}
