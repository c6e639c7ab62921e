# reference: 0.25: invalid uuid literal (set_uuid validation in validate_const_rec); 0.17: Type "uuid" not defined
const uuid ID = "not-a-uuid"
