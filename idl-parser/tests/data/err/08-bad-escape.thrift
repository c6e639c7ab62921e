# reference: Bad escape character; syntax error
const string S = "bad \q escape"
