"""Loads the demo province (placeholder until the full data set lands)."""

DEMO_PASSWORD = "Saola@2026"  # noqa: S105 - published demo password, demo data only


def demo_logins() -> list[tuple[str, str]]:
    return []


def load_demo() -> str:
    return "demo: nothing to load"
