"""Real-data benchmarks (not collected by pytest). Run from the repository root."""
