class ModuleError(Exception):
    pass


def fail(msg):
    raise ModuleError(msg)


class Plain:
    pass
