# reference: accepted (0.17 and 0.25 do not check this) - trift-stricter case, trift reports an error
const i16 X = 40000
