# reference: No enum value or constant found named "LOOP"!
const i32 LOOP = LOOP
