struct A {} /* this comment
never ends
