"""Entry point of the standalone bundle: the same command line as ``denocompare``."""

import sys

from denocompare.cli import main

if __name__ == "__main__":
    sys.exit(main())
