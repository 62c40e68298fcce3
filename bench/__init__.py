"""Benchmarks of pulumi-ice-voice: `python -m bench` runs them all (see RESULTS.md)."""
