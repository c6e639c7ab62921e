# reference: accepted (0.17 and 0.25 do not check this) - trift-stricter case, trift reports an error
const map<string, i32> M = [1, 2]
