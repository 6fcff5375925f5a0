"""Saola: an open-source e-government platform for Vietnamese provinces and ministries."""

__version__ = "0.1.0"
