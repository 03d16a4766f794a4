# f-string format specs not in the basics: alternate forms, sign-aware zero padding, grouping on
# floats, general format without a type, bool with a spec, self-documenting expressions,
# Unicode fill characters and widths counted in characters.


def main(argv):
    n = 255
    neg = -42
    print(f"{n:#x}|{n:#X}|{n:#o}|{n:#b}|{n:08b}|{n:_x}|{n:_b}|{neg:05}|{neg:=8}|{n: d}|{neg: d}|{n:+,}")
    print(f"{1234567:,d}|{-1234567:_}|{0:#x}|{neg:#x}|{n:<#6x}|{n:^#10b}|{n:x<8}|{neg:>+6}|{n:c}")
    x = 1234.5678
    print(f"{x:,.2f}|{x:_.1f}|{x:12,.3f}|{-x:+012.2f}|{x:.3}|{x:.10}|{x:10.3e}|{x:.0e}|{x:G}|{x:E}")
    print(f"{2.5:.0f}|{3.5:.0f}|{0.125:.2f}|{x:#.0f}|{1e16:.17}|{1e-5:.3}|{123456789.0:.3}|{0.0001:g}|{1e-7:g}")
    inf = float("inf")
    nan = float("nan")
    print(f"{inf:f}|{-inf:.2f}|{nan:f}|{inf:>6}|{nan:e}|{-0.0:f}|{-0.0:g}|{0.0:+.1f}|{inf:+}|{nan:G}")
    print(f"{0.5:%}|{0.12345:.1%}|{1.0:.0%}|{-0.25:8.2%}|{2.0/3.0:.5}|{100.0:.3g}|{1e100:.2e}")
    flag = True
    off = False
    print(f"{flag}|{off}|{flag!r}|{flag:>5}|{off:d}|{flag:x<3}|{str(flag):>6}")
    s = "naïve"
    print(f"[{s:★^11}]|[{s:.3}]|[{s:^10.2}]|[{s:>7}]|[{'😀':*<4}]|[{'日本':^6}]|[{s!r:>9}]|[{''!r}]")
    width = 8
    fill_value = 3.14159
    print(f"{fill_value:{width}.2f}|{fill_value:<{width}.{width - 5}f}|{n:>{width}x}|{s:^{width + 2}}")
    val = 42
    name = "rpy"
    print(f"{val=}|{name=}|{val * 2=}|{name.upper()=}|{val=:>5}|{fill_value=:.1f}")
    d = {"k": [1, 2]}
    t = (1, "a", 2.5)
    b = b"by\x00"
    print(f"{d}|{d['k']}|{t}|{t!r}|{b}|{b!r}|{[s, s]}|{len(d['k']):03}")
    print(f"{'{'}{n}{'}'}|{{{n}}}|{{}}|{'a' 'b'}|{n}{n}|" + f"{'multi'}" + "\n" + f"{'line':>6}")
    big = 9223372036854775807
    small = -9223372036854775807 - 1
    print(f"{big:,}|{small:_}|{big:x}|{small:#x}|{big:e}|{small:>25}")
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
