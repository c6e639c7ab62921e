senum Colors { "red", "green" }
