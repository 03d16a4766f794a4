# NOT YET SUPPORTED (section 7 lists it): time.sleep - "`time.sleep()` is not supported by
# the translator yet". Expected: True

import time


def main(argv):
    t0 = time.perf_counter()
    time.sleep(0.01)
    print(time.perf_counter() - t0 >= 0.009)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
