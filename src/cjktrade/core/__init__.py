"""Core value types shared by every engine: money, errors, countries."""
