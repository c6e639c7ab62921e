# reference: accepted
typedef i32 Port (min = "1", max = "65535")
