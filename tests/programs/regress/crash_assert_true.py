# CRASH (translator panic): `assert True` (a constant-true assert) panics the flow builder:
# "emit: no current block (unreachable code is skipped by the caller)" at
# frontend/flow/src/builder.rs:144. Expected output: ok


def main(argv):
    assert True
    print("ok")
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
