# reference: No enum value or constant found named "PART"!
const i32 TOTAL = PART
const i32 PART = 1
