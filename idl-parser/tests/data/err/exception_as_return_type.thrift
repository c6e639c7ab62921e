exception Oops {}
service Jobs {
  Oops run()
}
