# rlib: JIT hints without effect, machine-word arithmetic, ovfcheck, specialization hints,
# string builders.
from rlib.jit import JitDriver, hint, promote, elidable, unroll_safe, dont_look_inside
from rlib.rarithmetic import r_uint, intmask, ovfcheck, r_int64
from rlib.objectmodel import we_are_translated, specialize, compute_hash, always_inline, not_rpython
from rlib.rstring import StringBuilder, BytesBuilder

jitdriver = JitDriver(greens=["pc"], reds=["acc"])

BIG = 2 ** 62


@elidable
def square(x):
    return x * x


@specialize.argtype(0)
def describe(x):
    return "<" + str(x) + ">"


@always_inline
def add1(x):
    return x + 1


@unroll_safe
def total(xs):
    t = 0
    for x in xs:
        t += x
    return t


@dont_look_inside
def checked_add(a, b):
    try:
        return ovfcheck(a + b)
    except OverflowError:
        return -1


def checked(op, a, b):
    try:
        if op == "+":
            return str(ovfcheck(a + b))
        if op == "-":
            return str(ovfcheck(a - b))
        if op == "*":
            return str(ovfcheck(a * b))
        if op == "<<":
            return str(ovfcheck(a << b))
        return str(ovfcheck(-a))
    except OverflowError:
        return "overflow"


def main(argv):
    pc = 0
    acc = 0
    while pc < 10:
        jitdriver.jit_merge_point(pc=pc, acc=acc)
        acc += square(promote(pc))
        pc += 1
        jitdriver.can_enter_jit(pc=pc, acc=acc)
    print(acc, hint(acc, promote=True), describe(3), describe("s"), add1(4), total([1, 2, 3]))
    print(intmask(r_uint(BIG) * 4 + 5), intmask(BIG * 2), r_int64(7))
    u = r_uint(3)
    print(intmask(u - r_uint(5)), intmask(u * r_uint(BIG)), intmask(~u), intmask(u << 62))
    for op in ["+", "-", "*", "<<", "neg"]:
        print(op, checked(op, BIG, 2), checked(op, 3, 4), checked(op, -BIG * 2, 1), checked(op, 1, 62), checked(op, 1, 63))
    print(checked_add(BIG, BIG), checked_add(BIG, BIG - 1), checked_add(-BIG, -BIG))
    sb = StringBuilder()
    sb.append("ab")
    sb.append_slice("xyzw", 1, 3)
    sb.append_multiple_char("-", 3)
    sb.append("é")
    print(sb.build(), sb.getlength())
    bb = BytesBuilder()
    bb.append(b"\x00k")
    bb.append(b"v")
    print(bb.build(), bb.getlength())
    print(we_are_translated() or True, compute_hash("x") == compute_hash("x"), compute_hash(12) == compute_hash(12))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
