import nosuchmodule
def main(argv):
    return 0
