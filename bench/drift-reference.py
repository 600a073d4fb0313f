#!/usr/bin/python3
"""The pandas + scipy reference of bench/drift.ts: Evidently 0.7's default drift rules over two
CSV files, with the same code that writes the end-to-end test expectations
(test/fixtures/drift/make-drift-expected.py). Prints {"seconds", "maxRssKiB", "report"}.

Usage: /usr/bin/python3 bench/drift-reference.py BASE.csv HEAD.csv
"""
import importlib.util
import json
import resource
import sys
import time
from pathlib import Path

import pandas as pd

spec = importlib.util.spec_from_file_location(
    "expected", Path(__file__).parent.parent / "test/fixtures/drift/make-drift-expected.py"
)
expected = importlib.util.module_from_spec(spec)
spec.loader.exec_module(expected)

started = time.perf_counter()
base = pd.read_csv(sys.argv[1])
head = pd.read_csv(sys.argv[2])
report = expected.report(base, head)
seconds = time.perf_counter() - started
json.dump(
    {
        "seconds": seconds,
        "maxRssKiB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "report": report,
    },
    sys.stdout,
)
