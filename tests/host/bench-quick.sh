#!/usr/bin/env bash
# The benchmark runs on stock, ukl and bypass, and its output parses (perf/run-bench.sh --quick).
exec "$(dirname "$0")/../../perf/run-bench.sh" --quick
