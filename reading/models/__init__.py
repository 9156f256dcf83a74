"""The reading kinds' own material, each one-to-one with an office ``Assignment``."""
