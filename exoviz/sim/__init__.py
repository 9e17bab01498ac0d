"""The model: NumPy and the standard library only (never pygame); World is the entry point."""
