"""Offline evaluation of the FAQ engine against written cases (see issue 12)."""
