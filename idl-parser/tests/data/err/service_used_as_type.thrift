service Jobs {}
struct Job { 1: Jobs owner }
