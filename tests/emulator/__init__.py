"""Emulator conformance tier: the official ICE SDK (and raw signed HTTP) against ice_emulator."""
