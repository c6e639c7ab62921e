const string greeting = "hello
world"
