# reference: accepted
enum E {
  A (member.note = "a")
} (enum.note = "e")
