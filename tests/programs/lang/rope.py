# rlib.rope: concatenation, slicing, indexing and flattening of rope strings (latin-1 and
# wider leaves), compared with plain str results.
from rlib.rope import rope, concat, EMPTY

def main(argv):
    r = rope("hello") + rope(", wörld")
    print(len(r), r[4], r[-1], str(r), str(r.slice(0, 5)), str(r.slice(-5, 100)))
    big = rope("")
    for i in range(2000):
        big = big + rope(str(i % 10))
    s = str(big)
    print(len(big), big[1234], s[1234], str(big.slice(100, 140)) == s[100:140], big.d)
    mixed = big + rope("日本語") + big
    print(len(mixed), mixed[2000], mixed[2001], str(mixed.slice(1990, 2010)))
    parts = []
    x = rope("abcdefghij" * 20)
    for k in range(50):
        x = x.slice(1, len(x)) + rope("Z")
    print(len(x), str(x)[:30], x == rope(str(x)), x != rope("q"))
    try:
        print(x[500])
    except IndexError as e:
        print("IndexError:", e)
    return 0

if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
