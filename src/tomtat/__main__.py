"""`python -m tomtat` runs the command line."""
from .cli import entry

entry()
