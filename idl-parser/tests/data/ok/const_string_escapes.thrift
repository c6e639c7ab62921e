# reference: accepted
const string DOUBLE = "tab\t nl\n cr\r dq\" sq\' bs\\"
const string SINGLE = 'tab\t nl\n cr\r dq\" sq\' bs\\'
const string EMPTY = ""
