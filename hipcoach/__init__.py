"""hipcoach: a desktop backend for runners who look after their hips."""

__version__ = "0.1.0"
