# reference: accepted
/* a block
   comment */
struct /* inline */ S {}
/**/
