# reference: accepted
enum E {}
