"""The package version, kept here so importing it costs nothing."""

__all__ = ["__version__"]

__version__ = "0.1.0"
