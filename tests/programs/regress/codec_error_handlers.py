# Codec error handlers ignore and replace, for utf-8, ascii and latin-1, both directions.
def main(argv):
    samples = [b"ok\xffok", b"\xe2\x82", b"a\xe2\x28\xa1b", b"\xf0\x9f\x98\x80x\xc3", b"\xed\xa0\x80z", b"plain"]
    for b in samples:
        for eh in ["ignore", "replace"]:
            print(repr(b.decode("utf-8", eh)), repr(b.decode("ascii", eh)), repr(b.decode("latin-1", eh)))
    for s in ["naïve €", "日本", "plain", "ß"]:
        for eh in ["ignore", "replace"]:
            print(s.encode("ascii", eh), s.encode("latin-1", eh), s.encode("utf-8", eh), s.encode(errors=eh))
    return 0
if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
