"""The baseline of the file programs: the interpreter, and the libraries one group of them
imports (`--import numpy`, or none for the standard library), reading nothing.

Subtracting its time and peak RSS from those of a program that imports the same libraries
leaves what reading and summing the file adds: `import pandas` alone takes about a second
and tens of megabytes, which are not the cost of reading a file with it.
"""

import filelib


def read_nothing(path, chunk_size):
    return 0


if __name__ == "__main__":
    filelib.main(read_nothing)
