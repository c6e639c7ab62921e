const i32 MAX_ITEMS = 100
