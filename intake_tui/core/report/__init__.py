"""The session file: one TOML per intake (docs/report-format.md)."""
