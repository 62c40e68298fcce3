"""Build scripts of the repository; scripts.dist is importable (tests/release reads its digest)."""
