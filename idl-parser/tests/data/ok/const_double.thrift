# reference: accepted
const double A = 3.14
const double B = 1e10
const double C = -1.5E-3
const double D = .5
const double E = 2.5e+2
const double F = 42
