"""JIT hints: accepted and, for now, without effect (also when translated)."""


class JitDriver:
    def __init__(self, greens=None, reds=None, **kwds):
        self.greens = greens
        self.reds = reds

    def jit_merge_point(self, **livevars):
        pass

    def can_enter_jit(self, **livevars):
        pass


def hint(x, **kwds):
    return x


def promote(x):
    return x


def elidable(f):
    return f


def unroll_safe(f):
    return f


def dont_look_inside(f):
    return f
