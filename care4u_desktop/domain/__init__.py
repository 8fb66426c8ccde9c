"""Entities, rules and errors. No I/O and no Qt."""
