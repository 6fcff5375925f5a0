"""Writes of the one-stop system, split by stage: intake, processing, outcomes."""
