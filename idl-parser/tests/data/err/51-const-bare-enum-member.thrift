# reference: error: identifier BLUE is unqualified! (0.17; 0.25's validate_const_rec calls the same get_identifier_name(); the facts sheet's 'bare member allowed' is wrong)
enum Color {
  RED
  BLUE
}

const Color C = BLUE
