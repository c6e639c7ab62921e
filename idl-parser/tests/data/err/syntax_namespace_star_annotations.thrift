namespace * demo (a = "b")
