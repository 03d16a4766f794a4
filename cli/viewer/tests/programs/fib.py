def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def main(argv):
    print(fib(len(argv) + 10))
    return 0
