# A small RPy program: run it with `python3 examples/hello.py world`, or translate it with
# `rpy run examples/hello.py -- world`.

def collatz_steps(n):
    steps = 0
    while n != 1:
        n = n // 2 if n % 2 == 0 else 3 * n + 1
        steps += 1
    return steps


def main(argv):
    name = "world"
    if len(argv) > 1:
        name = argv[1]
    print("hello, " + name + "!")
    best = 1
    best_steps = 0
    for n in range(1, 100000):
        s = collatz_steps(n)
        if s > best_steps:
            best = n
            best_steps = s
    print("the longest Collatz chain below 100000 starts at", best, "and takes", best_steps, "steps")
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
