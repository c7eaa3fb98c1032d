"""hipcoach: a desktop coach for runners who look after their hips."""

__version__ = "0.1.0"
