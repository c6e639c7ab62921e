struct NotAnError {}
service Jobs {
  void run() throws (1: NotAnError e)
}
