# A user exception class (with an attribute and a message) escaping main; the exception line
# names the class as CPython does for classes of the main module.


class ConfigError(Exception):
    def __init__(self, key):
        super().__init__("bad config key: " + key)
        self.key = key


def load(keys):
    for k in keys:
        if k.startswith("_"):
            raise ConfigError(k)
        print("loaded", k)


def main(argv):
    load(["alpha", "beta", "_hidden", "never"])
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
