service Jobs {
  void run() throws (1: Failure e)
}
exception Failure {}
