"""The history fixtures (local zone, data folder, store), shared with the adapters' tests."""

from tests.adapters.history.conftest import clock, folder, local_zone, store, utc

__all__ = ["clock", "folder", "local_zone", "store", "utc"]
