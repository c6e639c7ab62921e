# reference: accepted
struct User {
  1: i64 id
}

typedef User Account
typedef Account Login
