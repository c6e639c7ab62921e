# reference: End of line while read string at 1
const string S = "first line
second line"
