# Methods of container attributes that may be None: AttributeError, or the call.
class Node:
    def __init__(self):
        self.cache = None
        self.name = None

def main(argv):
    n = Node()
    try:
        n.cache.append(1)
    except AttributeError as e:
        print("AttributeError:", e)
    n.cache = [1]
    n.cache.append(2)
    n.name = "x"
    print(n.cache, n.name.upper())
    return 0
if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
