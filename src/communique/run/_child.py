"""Entry point of an analysis process: ``python -m communique.run._child FD_IN FD_OUT``.

Kept apart from :mod:`communique.run.worker`, which the package imports, so that ``-m`` does not
run a module that is already imported.
"""

import sys

from .worker import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
