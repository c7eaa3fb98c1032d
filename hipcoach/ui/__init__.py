"""PySide6 widgets: they show what the driver and the store give them, and hold no rules."""
