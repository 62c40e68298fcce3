"""Every dynamic resource leaves Python's pickler as it found it.

pulumi's ``serialize_provider`` (pulumi/dynamic/dynamic.py, called by every
``pulumi.dynamic.Resource.__init__``) makes dicts pickle in sorted order by replacing
``pickle._Pickler._batch_setitems`` with a wrapper around the current one, and
``pickle._Pickler.save_dict`` with its own, and restores neither. Each dynamic resource a
program declares wraps the previous wrapper, so serializing the N-th one goes N calls deep:
each serialization is slower than the last, and at about 960 resources Python's recursion
limit ends the program with ``RecursionError`` (with pulumi 3.272 on Python 3.11; likely
pulumi/pulumi#17803). ``pickler_restored`` puts both methods back after our serialization,
so a program's thousandth voice pickles exactly as its first.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["PATCHED", "pickler_restored"]

#: The methods of ``pickle._Pickler`` that ``serialize_provider`` replaces and keeps replaced.
PATCHED = ("_batch_setitems", "save_dict")


@contextmanager
def pickler_restored() -> Iterator[None]:
    """Whatever happens inside, the patched methods are as they were on entry afterwards."""
    pickler = pickle._Pickler  # the pure-Python pickler
    saved = {name: pickler.__dict__[name] for name in PATCHED if name in pickler.__dict__}
    try:
        yield
    finally:
        for name in PATCHED:
            if name in saved:
                setattr(pickler, name, saved[name])
            elif name in pickler.__dict__:
                delattr(pickler, name)
