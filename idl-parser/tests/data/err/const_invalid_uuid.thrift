const uuid id = "not-a-uuid"
