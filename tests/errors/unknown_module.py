import socket


def main(argv):
    return 0
