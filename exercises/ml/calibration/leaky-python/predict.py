"""Calibration submission "leaky-python": the careless pandas + scikit-learn solution, on purpose.

Every column goes in as it comes (numbers where pandas can read them, claim_id and customer_id as
their digits, every other string ordinal-encoded as typed), nothing is cleaned or deduplicated, a
gradient-boosted tree model is fitted, and a random 5-fold cross-validation over rows reports the
(optimistic) score. This is what the grader must catch: it uses the post-outcome call log, the
label-encoded rates, the ids and the migration batch, the noise columns, the raw null markers and
spellings and the retired legacy code, and it learns from the re-exported duplicate rows.
Seeded, so reproducible.
"""

import json
import os
import sys
import time

# One thread per BLAS/OpenMP pool: deterministic, and no spinning threads on a busy grading machine.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import average_precision_score, roc_auc_score
from sklearn.model_selection import KFold
from sklearn.preprocessing import OrdinalEncoder

SEED = 20240101
FOLDS = 5


def main() -> None:
    data_dir = os.environ.get("DATA_DIR")
    if not data_dir:
        raise SystemExit("leaky-python: DATA_DIR is not set: point it at the folder holding train.csv and test.csv")
    out_dir = os.path.abspath(os.environ.get("OUT_DIR", "out"))
    started = time.perf_counter()
    train = pd.read_csv(os.path.join(data_dir, "train.csv"), dtype=str, keep_default_na=False)
    test = pd.read_csv(os.path.join(data_dir, "test.csv"), dtype=str, keep_default_na=False)
    y = train.pop("is_fraud").astype(int).to_numpy()

    def as_number(column: pd.Series) -> pd.Series:
        """The cell as a number, or the digits of an id like QF-1234567 / CU-123456."""
        values = pd.to_numeric(column, errors="coerce")
        if values.notna().mean() >= 0.5:
            return values
        return values.fillna(pd.to_numeric(column.str.extract(r"^[A-Za-z]+-(\d+)$")[0], errors="coerce"))

    numeric, categorical = [], []
    for name in train.columns:
        (numeric if as_number(train[name]).notna().mean() >= 0.5 else categorical).append(name)

    def matrix(frame: pd.DataFrame, encoder: OrdinalEncoder) -> np.ndarray:
        cols = [as_number(frame[name]).to_numpy(dtype=float) for name in numeric]
        return np.column_stack(cols + [encoder.transform(frame[categorical])])

    encoder = OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=-1).fit(train[categorical])
    x = matrix(train, encoder)
    x_test = matrix(test, encoder)

    def model() -> HistGradientBoostingClassifier:
        return HistGradientBoostingClassifier(max_iter=60, learning_rate=0.15, early_stopping=False, random_state=SEED)

    aucs, aps = [], []
    for fit, held in KFold(n_splits=FOLDS, shuffle=True, random_state=SEED).split(x):
        p = model().fit(x[fit], y[fit]).predict_proba(x[held])[:, 1]
        aucs.append(roc_auc_score(y[held], p))
        aps.append(average_precision_score(y[held], p))
    probabilities = model().fit(x, y).predict_proba(x_test)[:, 1]

    report = {
        "schema": "takehome.ml-report/v1",
        "validation": {
            "strategy": "random-kfold",
            "time_aware": False,
            "group_aware": False,
            "description": f"Random {FOLDS}-fold cross-validation over the rows of train.csv (shuffled with a fixed seed), mean of the fold scores. Every column is used.",
            "estimates": {"roc_auc": round(float(np.mean(aucs)), 4), "average_precision": round(float(np.mean(aps)), 4)},
        },
        "excluded_features": [],
        "data_issues": [],
        "imbalance": {"method": "none", "recalibrated": False, "description": "HistGradientBoostingClassifier on all rows."},
        "threshold": {"value": 0.5, "reason": "The default."},
    }
    os.makedirs(out_dir, exist_ok=True)
    pd.DataFrame({"claim_id": test["claim_id"].str.strip(), "probability": np.round(probabilities, 6)}).to_csv(os.path.join(out_dir, "predictions.csv"), index=False, lineterminator="\n")
    with open(os.path.join(out_dir, "report.json"), "w", encoding="utf-8") as f:
        json.dump(report, f, indent=2)
        f.write("\n")
    print(f"leaky-python: {x.shape[1]} columns; CV AUC {np.mean(aucs):.3f}, AP {np.mean(aps):.3f}; {time.perf_counter() - started:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
