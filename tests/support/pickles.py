"""What a pickle (the `__provider` a dynamic resource keeps in its state) is made of."""

from __future__ import annotations

import pickletools

__all__ = ["pickle_globals", "pickle_ops", "pickle_strings"]


def pickle_globals(raw: bytes) -> list[tuple[str, str]]:
    """(module, name) of every global the pickle references."""
    strings: list[str] = []
    found: list[tuple[str, str]] = []
    for opcode, arg, _ in pickletools.genops(raw):
        if opcode.name in ("SHORT_BINUNICODE", "BINUNICODE", "UNICODE"):
            strings.append(str(arg))
        elif opcode.name == "STACK_GLOBAL":
            found.append((strings[-2], strings[-1]))
        elif opcode.name in ("GLOBAL", "INST"):
            module, name = str(arg).split(" ", 1)
            found.append((module, name))
    return found


def pickle_strings(raw: bytes) -> set[str]:
    """Every string value in the pickle."""
    return {arg for _, arg, _ in pickletools.genops(raw) if isinstance(arg, str)}


def pickle_ops(raw: bytes) -> list[str]:
    """The pickle's opcodes, by name, in order."""
    return [opcode.name for opcode, _, _ in pickletools.genops(raw)]
