const i32 MAX_ITEMS = 100
const string GREETING = "hi"
