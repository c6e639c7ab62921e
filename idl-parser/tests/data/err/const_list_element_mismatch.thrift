const list<i32> primes = [2, 3, "five", 7]
