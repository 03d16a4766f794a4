# rlib.rarithmetic and rlib.objectmodel beyond the basics: unsigned comparisons, division,
# modulo and logical right shifts of r_uint, mixing r_uint with int constants, intmask of
# wrapped products, ovfcheck on every operator, r_uint64, compute_hash agreement for equal
# values, specialize.memo, a helper called at module level, and we_are_translated.
from rlib.rarithmetic import r_uint, r_uint64, intmask, ovfcheck, r_int64
from rlib.objectmodel import compute_hash, specialize, we_are_translated


def _build_table(n):
    return [i * 3 for i in range(n)]


TABLE = _build_table(5)


@specialize.memo()
def table_len(t):
    return len(t)


def fnv1a(data):
    h = r_uint(-3750763034362895579)
    for b in data:
        h = h ^ r_uint(b)
        h = h * r_uint(1099511628211)
    return h


def main(argv):
    big = r_uint(-1)
    one = r_uint(1)
    print(big > one, one < big, big >= big, r_uint(0) < big, intmask(big), intmask(big >> 60), intmask(big // r_uint(2)))
    print(intmask(big % r_uint(10)), intmask(r_uint(7) - r_uint(9)), intmask(one << 63), intmask((one << 63) >> 63))
    print(intmask(big + r_uint(2)), intmask(big * big), intmask(r_uint(3) & r_uint(5)), intmask(r_uint(3) | r_uint(4)))
    print(intmask(r_uint(6) ^ r_uint(3)), intmask(~r_uint(0)), intmask(r_uint64(5) * r_uint64(7)))
    print(intmask(fnv1a(b"hello")), intmask(fnv1a(b"")), intmask(fnv1a("héllo".encode("utf-8"))))
    m = 2 ** 62
    for a, b in [(m, m), (m - 1, m), (-m, -m), (-m, -m - 1), (3, 4)]:
        try:
            print("add", ovfcheck(a + b))
        except OverflowError:
            print("add overflow", a, b)
    for a, b in [(m, 2), (m, -2), (-m, 2), (3037000500, 3037000500), (-1, -1)]:
        try:
            print("mul", ovfcheck(a * b))
        except OverflowError:
            print("mul overflow", a, b)
    for a, b in [(-m, m), (-m, m + 1), (m, -m)]:
        try:
            print("sub", ovfcheck(a - b))
        except OverflowError:
            print("sub overflow", a, b)
    print(r_int64(5) + r_int64(-7), intmask(m * 4), intmask(m * 2), intmask(-m * 2 - 1))
    print(compute_hash("abc") == compute_hash("ab" + "c"), compute_hash(12) == compute_hash(6 * 2), compute_hash((1, "x")) == compute_hash((1, "x")))
    print(TABLE, table_len(TABLE))
    if we_are_translated():
        mode = "same output either way"
    else:
        mode = "same output either way"
    print(mode)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
