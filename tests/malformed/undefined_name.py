def main(argv):
    return undefined_name
