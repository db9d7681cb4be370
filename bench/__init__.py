"""Pantau benchmarks at city scale: `python -m bench` (see bench/README.md); not part of `make test`."""
