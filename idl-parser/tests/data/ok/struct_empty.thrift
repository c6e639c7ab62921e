# reference: accepted
struct Empty {}
