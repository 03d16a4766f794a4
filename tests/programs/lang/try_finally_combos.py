# try/except/else/finally combinations: return and break inside finally, exceptions raised in
# handlers, else and finally clauses, bare except, re-raise from a nested handler, exceptions
# crossing generator and loop boundaries.


class AppError(Exception):
    pass


def finally_overrides_return():
    try:
        return "try"
    finally:
        print("  finally runs before the return")


def finally_return_wins(x):
    try:
        if x > 0:
            raise ValueError("lost")
        return "body"
    finally:
        return "finally"


def break_in_finally():
    n = 0
    while True:
        n += 1
        try:
            if n == 3:
                raise KeyError("swallowed by break")
        finally:
            if n == 3:
                break
    return n


def handler_raises(kind):
    try:
        try:
            raise ValueError("first")
        except ValueError as e:
            if kind == 1:
                raise AppError("from handler: " + str(e))
            return "handled"
        finally:
            print("  inner finally", kind)
    except AppError as e:
        return "outer got " + str(e)


def else_raises():
    try:
        try:
            pass
        except ValueError:
            return "not here"
        else:
            raise IndexError("raised in else")
        finally:
            print("  finally after else")
    except IndexError as e:
        return "caught " + str(e)


def finally_raises():
    try:
        try:
            raise ValueError("original")
        finally:
            raise IndexError("replacement")
    except ValueError:
        return "saw original"
    except IndexError as e:
        return "saw replacement " + str(e)


def bare_except(n):
    try:
        return 10 // n
    except:
        return -1


def reraise_nested():
    try:
        try:
            raise AppError("deep")
        except AppError:
            try:
                raise ValueError("inner noise")
            except ValueError:
                pass
            raise
    except AppError as e:
        return "reraised " + str(e)


def gen_with_finally(log):
    try:
        for i in range(3):
            yield i
    finally:
        log.append("gen finally")


def gen_raises():
    yield 1
    raise AppError("generator failed")


def main(argv):
    print(finally_overrides_return())
    print(finally_return_wins(0), finally_return_wins(1))
    print(break_in_finally())
    print(handler_raises(0), "|", handler_raises(1))
    print(else_raises())
    print(finally_raises())
    print(bare_except(5), bare_except(0))
    print(reraise_nested())
    log = []
    print(list(gen_with_finally(log)), log)
    got = []
    try:
        for v in gen_raises():
            got.append(v)
    except AppError as e:
        print("from generator:", e, got)
    results = []
    for i in range(5):
        try:
            if i % 2 == 0:
                raise AppError(str(i))
            results.append("ok" + str(i))
        except AppError as e:
            results.append("err" + str(e))
            continue
        else:
            results.append("else" + str(i))
        finally:
            results.append("fin" + str(i))
    print(results)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
