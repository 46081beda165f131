"""Pure statistics for Tilik: numbers in, frozen result dataclasses out.

This package imports neither Django nor anything from ``tilik`` (checked by
import-linter), so every estimate can be reproduced from a spreadsheet alone.
"""

__version__ = "0.1.0"
