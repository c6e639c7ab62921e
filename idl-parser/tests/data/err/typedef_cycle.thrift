typedef Second First
typedef First Second
