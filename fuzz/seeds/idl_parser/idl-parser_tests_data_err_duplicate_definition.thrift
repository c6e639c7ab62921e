struct User {}
enum User { ADMIN }
