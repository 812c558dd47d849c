"""``python -m communique`` is the ``communique`` command."""

from .cli import main

main()
