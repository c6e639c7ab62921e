# reference: accepted
const bool T = true
const bool F = false
const bool ONE = 1
