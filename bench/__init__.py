"""Benchmarks (scripts run with `make bench…`), and the settings and URLs the served benchmark uses."""
