# Files: reading a text file whole, by lines and by readline; writing, appending and reading
# back a temporary file; os.path; OSError for missing files.
import os


def read_all(path):
    with open(path) as f:
        return f.read()


def main(argv):
    text = read_all("io_data/sample.txt")
    print(repr(text), len(text))
    with open("io_data/sample.txt", "r") as f:
        lines = f.readlines()
    print(lines)
    with open("io_data/sample.txt") as f:
        first = f.readline()
        second = f.readline()
        rest = f.read()
        after = f.readline()
    print(repr(first), repr(second), repr(rest), repr(after))
    count = 0
    with open("io_data/sample.txt") as f:
        for line in f.readlines():
            count += 1
            print(count, repr(line.rstrip("\n")))
    path = "/tmp/rpy-lang-file-io-" + str(os.getpid() % 1000) + ".txt"
    with open(path, "w") as f:
        n = f.write("written ✓\n")
        f.write("second\n")
    print("wrote", n)
    with open(path, "a") as f:
        f.write("appended\n")
    print(repr(read_all(path)), os.path.exists(path))
    print(os.path.exists("io_data"), os.path.exists("io_data/none.txt"))
    print(os.path.join("io_data", "sample.txt"), os.path.join("", "x"), os.path.join("a", ""), os.path.join("/"))
    for bad in ["io_data/missing.txt", "/nonexistent-rpy-dir/x"]:
        try:
            with open(bad) as f:
                print(f.read())
        except OSError as e:
            print("OSError:", e)
    try:
        with open("io_data/missing.txt") as f:
            print(f.read())
    except FileNotFoundError as e:
        print("FileNotFoundError:", e)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
