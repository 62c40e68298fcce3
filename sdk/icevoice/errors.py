"""The exceptions of :mod:`icevoice`: the names of ``icevoice._errors.__all__``, listed once
there (with the tree in its docstring)."""

from . import _errors
from ._errors import *  # noqa: F403

__all__: list[str] = []
__all__ += _errors.__all__
