# PEP 484 annotations on parameters, returns, locals, attributes and class bodies, with builtin
# generics, typing names and Optional, checked against the inferred types.
from typing import Optional, List, Dict, Tuple


class Account:
    owner: str
    balance: int

    def __init__(self, owner: str, balance: int = 0) -> None:
        self.owner = owner
        self.balance = balance
        self.history: list[int] = []

    def deposit(self, amount: int) -> "Account":
        self.balance += amount
        self.history.append(amount)
        return self


def find(accounts: list[Account], name: str) -> Optional[Account]:
    for a in accounts:
        if a.owner == name:
            return a
    return None


def totals(accounts: List[Account]) -> Dict[str, int]:
    out: dict[str, int] = {}
    for a in accounts:
        out[a.owner] = a.balance
    return out


def split(s: str, sep: str = ",") -> tuple[str, str]:
    head, _, tail = s.partition(sep)
    return head, tail


def mean(xs: list[float]) -> float:
    total: float = 0.0
    for x in xs:
        total += x
    return total / len(xs) if xs else 0.0


def pair() -> Tuple[int, str]:
    return 1, "one"


def main(argv: list[str]) -> int:
    accts: list[Account] = [Account("ann"), Account("bob", 5)]
    accts[0].deposit(10).deposit(-3)
    hit: Optional[Account] = find(accts, "bob")
    miss = find(accts, "cid")
    print(hit.balance if hit is not None else -1, miss is None, totals(accts), accts[0].history)
    print(split("a,b,c"), split("x;y", ";"), mean([1.0, 2.5]), mean([]), pair())
    count: int = 0
    name: str
    name = "annotated later"
    count += len(name)
    print(name, count)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
