"""DenoCompare: compare an originator biologic with its biosimilars, from cited data.

Importing this package must stay cheap and Qt-free: the CLI's headless commands and
the tests import it without a display.
"""

__version__ = "0.1.0"
