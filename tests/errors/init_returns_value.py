# `__init__` returning a value: CPython raises TypeError at the call.


class Item:
    def __init__(self, qty, price):
        self.qty = qty
        self.price = price
        return qty * price


def main(argv):
    it = Item(3, 2.5)
    print(it.qty)
    return 0
