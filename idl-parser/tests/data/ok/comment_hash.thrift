# reference: accepted
# a unix comment
struct S {} # trailing
