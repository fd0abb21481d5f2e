#!/usr/bin/python3
"""Time scikit-learn's metrics on one file of predictions, as a baseline for
the TypeScript metrics in graders/ml/metrics. Prints one JSON object (seconds).

    /usr/bin/python3 bench/ml/metrics-sklearn.py PATH [--replicates 100] [--seed 0] [--repeat 3] [--predictions CSV]

PATH is a CSV with a header `y,p` (label 0/1, probability) or a .npy file
holding an (n, 2) array of [y, p] rows. Each metric is timed `--repeat` times
and the best is kept. The bootstrap is stratified (positives and negatives
resampled separately with their own counts) and computes AUC and AP per
replicate with numpy fancy indexing, the plain way a Python grader would.
With --predictions, also times reading a claim_id,probability file with the
csv module and the same checks as the grader (no pandas on Debian's python).
Needs Debian's python3-sklearn (call /usr/bin/python3, not a pyenv python).
"""
import argparse
import json
import sys
import time

import numpy as np
import sklearn
from sklearn.metrics import average_precision_score, brier_score_loss, log_loss, roc_auc_score


def load(path):
    if path.endswith(".npy"):
        data = np.load(path)
        if data.ndim != 2 or data.shape[1] != 2:
            sys.exit(f"{path}: expected an (n, 2) array of [y, p], got shape {data.shape}")
        return data[:, 0].astype(np.int8), data[:, 1].astype(np.float64)
    with open(path) as f:
        header = f.readline().strip().replace(" ", "")
    if header != "y,p":
        sys.exit(f"{path}: the first line must be the header y,p (got {header!r})")
    data = np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.float64, ndmin=2)
    return data[:, 0].astype(np.int8), data[:, 1]


def best_of(repeat, fn):
    best = float("inf")
    value = None
    for _ in range(repeat):
        start = time.perf_counter()
        value = fn()
        best = min(best, time.perf_counter() - start)
    return best, value


def stratified_bootstrap(y, p, replicates, seed):
    rng = np.random.default_rng(seed)
    pos = np.flatnonzero(y == 1)
    neg = np.flatnonzero(y == 0)
    aucs = np.empty(replicates)
    aps = np.empty(replicates)
    for b in range(replicates):
        idx = np.concatenate((rng.choice(pos, size=len(pos)), rng.choice(neg, size=len(neg))))
        yb, pb = y[idx], p[idx]
        aucs[b] = roc_auc_score(yb, pb)
        aps[b] = average_precision_score(yb, pb)
    return {
        "roc_auc": [float(v) for v in np.percentile(aucs, [2.5, 97.5])],
        "average_precision": [float(v) for v in np.percentile(aps, [2.5, 97.5])],
    }


def parse_predictions(path):
    """csv module + float + the grader's checks: range, NaN, duplicates."""
    import csv
    import math
    out = {}
    problems = 0
    with open(path, newline="", encoding="utf-8-sig") as f:
        reader = csv.reader(f)
        header = [h.strip().lower() for h in next(reader)]
        i_id, i_p = header.index("claim_id"), header.index("probability")
        for row in reader:
            if not row:
                continue
            key = row[i_id].strip()
            try:
                value = float(row[i_p])
            except ValueError:
                problems += 1
                continue
            if math.isnan(value) or value < 0 or value > 1 or key in out:
                problems += 1
                continue
            out[key] = value
    return len(out), problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path")
    parser.add_argument("--replicates", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--predictions", help="also time parsing this claim_id,probability CSV")
    args = parser.parse_args()

    start = time.perf_counter()
    y, p = load(args.path)
    load_s = time.perf_counter() - start
    if not set(np.unique(y)) <= {0, 1} or not (np.all(p >= 0) and np.all(p <= 1)):
        sys.exit(f"{args.path}: y must be 0/1 and p in [0, 1]")

    timings = {}
    values = {}
    for name, fn in [
        ("roc_auc", lambda: roc_auc_score(y, p)),
        ("average_precision", lambda: average_precision_score(y, p)),
        ("log_loss", lambda: log_loss(y, p, eps=1e-15, labels=[0, 1])),
        ("brier", lambda: brier_score_loss(y, p)),
    ]:
        timings[name], values[name] = best_of(args.repeat, fn)
        values[name] = float(values[name])
    if args.predictions:
        timings["parse_predictions"], _ = best_of(1, lambda: parse_predictions(args.predictions))
    timings["bootstrap_auc_ap"], intervals = best_of(1, lambda: stratified_bootstrap(y, p, args.replicates, args.seed))

    print(json.dumps({
        "tool": "scikit-learn",
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "path": args.path,
        "rows": int(len(y)),
        "positives": int(y.sum()),
        "distinct_scores": int(len(np.unique(p))),
        "replicates": args.replicates,
        "seconds": {"load": load_s, **timings},
        "bootstrap_per_replicate": timings["bootstrap_auc_ap"] / args.replicates,
        "values": values,
        "intervals_95": intervals,
    }))


if __name__ == "__main__":
    main()
