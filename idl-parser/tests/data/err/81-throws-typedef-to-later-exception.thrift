# reference: Type "Failure" not defined
typedef Failure Problem

service Jobs {
  void run() throws (1: Problem problem)
}

exception Failure {}
