def main(argv):
	return 0
        return 1
