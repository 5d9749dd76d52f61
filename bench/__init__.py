"""Benchmarks and long-running safety checks (run with `python -m bench...`)."""
