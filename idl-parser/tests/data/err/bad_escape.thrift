const string path = "C:\temp\new\x"
