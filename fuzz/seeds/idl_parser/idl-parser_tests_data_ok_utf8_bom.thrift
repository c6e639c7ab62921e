# reference: accepted
struct AfterBom {
  1: string text = "grüße"
}
