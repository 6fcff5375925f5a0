"""Subcommands of `saola` for this app. Django is set up inside each command, never at import."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add this app's subcommands to the `saola` parser."""
