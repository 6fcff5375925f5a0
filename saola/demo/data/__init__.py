"""Data of the demo province, as readable Python: organisations, people, rules, flows, procedures."""
