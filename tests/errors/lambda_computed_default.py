# Defaults of nested functions must be constants: `lambda i=i:` would need storage per closure.


def main(argv):
    fs = []
    for i in range(3):
        fs.append(lambda i=i: i * 10)
    print([f() for f in fs])
    return 0
