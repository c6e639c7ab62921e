# reference: No enum value or constant found named "Y"!
const i32 X = Y
