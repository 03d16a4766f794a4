# GC: a long linked list, a deep recursive tree, a wide node with thousands of children, all
# kept alive while garbage is allocated around them; then checked.

class Node:
    def __init__(self, value, nxt):
        self.value = value
        self.nxt = nxt


class Tree:
    def __init__(self, value, left, right):
        self.value = value
        self.left = left
        self.right = right


class Wide:
    def __init__(self):
        self.children = []


def build_tree(depth, base):
    if depth == 0:
        return None
    return Tree(base, build_tree(depth - 1, base * 2), build_tree(depth - 1, base * 2 + 1))


def tree_sum(t):
    if t is None:
        return 0
    return t.value + tree_sum(t.left) + tree_sum(t.right)


def garbage(n):
    acc = 0
    i = 0
    while i < n:
        t = Tree(i, None, None)
        acc += t.value
        i += 1
    return acc


def main(argv):
    head = None
    i = 0
    while i < 20000:
        head = Node(i, head)
        if i % 1000 == 0:
            garbage(50)
        i += 1
    tree = build_tree(11, 1)
    wide = Wide()
    j = 0
    while j < 3000:
        wide.children.append(Node(j * 3, None))
        j += 1
    print("garbage", garbage(5000))
    # deep recursion over the long list, through a recursive function
    total = 0
    n = head
    while n is not None:
        total += n.value
        n = n.nxt
    print("list", total)
    print("tree", tree_sum(tree))
    s = 0
    for c in wide.children:
        s += c.value
    print("wide", s, len(wide.children))
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
