"""grouper's benchmark suite: ``python -m benchmarks [--quick]`` from the repository root.

Every figure is a ratio against a baseline measured in the same run (the
machine this runs on is shared and noisy), the median of several runs. See
BENCHMARKS.md for the method and the latest table.
"""
