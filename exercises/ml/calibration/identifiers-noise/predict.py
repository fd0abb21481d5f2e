"""Reference ML submission in Python (pandas + scikit-learn) for the takehome claims exercise.

Reads $DATA_DIR/train.csv, test.csv and data_dictionary.json; writes $OUT_DIR/predictions.csv and
$OUT_DIR/report.json. Deterministic: no random draws (held-out customers come from a hash).

The same decisions as the TypeScript reference (exercises/ml/reference), written the way a careful
Python candidate would: columns decided from the dictionary and the files, every null marker, amount,
date, boolean, unit and spelling cleaned, one row per claim_id, a validation on the latest half year
of training for customers never fitted on, Platt scaling on that fold, and finally the probabilities
moved to the scoring period's stated fraud rate (the dictionary's testPeriod.expectedFraudRate).

Switches used by the calibration ladder (exercises/ml/calibrate.ts), never by the reference itself:
  --keep-duplicates          train on every row of train.csv, copies included (trap 7)
  --use-identifiers-noise    also use claim_id (its digits), ingest_batch, customer_id and aux_* (traps 3, 6, 8)
"""

import json
import os
import re
import sys
import time
import zlib

# One thread per BLAS/OpenMP pool: deterministic, and no spinning threads on a busy grading machine.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, roc_auc_score
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

NULL_TOKENS = {"", "na", "n/a", "null", "?", "none", "nan"}
VALIDATION_DAYS = 182
HELD_CUSTOMER_SHARE = 0.4
MIN_LEVEL_ROWS = 20
C = 1.0

NOT_DOCUMENTED = re.compile(r"does not document|undocumented", re.I)
FROM_OUTCOMES = re.compile(r"confirmed (claim )?outcomes|confirmed fraudulent|labelled claims", re.I)
AFTER_FILING = re.compile(r"investigation|after the claim is filed|after filing|at extraction", re.I)
LOAD_METADATA = re.compile(r"loaded into the warehouse|warehouse load", re.I)


# ---------------------------------------------------------------- cleaning


def per_unique(fn):
    """Apply a string-cleaning function to each distinct cell once, then spread the results
    (pandas string methods run per cell in Python; a column holds far fewer distinct cells)."""

    def wrapped(s: pd.Series) -> pd.Series:
        codes, uniques = pd.factorize(s.fillna(""), sort=False)
        values = fn(pd.Series(uniques, dtype=object)).to_numpy()
        return pd.Series(values[codes], index=s.index)

    wrapped.__name__ = fn.__name__
    wrapped.__doc__ = fn.__doc__
    return wrapped


@per_unique
def is_null(s: pd.Series) -> pd.Series:
    return s.fillna("").astype(str).str.strip().str.lower().isin(NULL_TOKENS)


@per_unique
def parse_number(s: pd.Series) -> pd.Series:
    v = pd.to_numeric(s.where(~is_null(s)).astype(str).str.strip(), errors="coerce")
    return v.mask(v == -999)


@per_unique
def parse_amount(s: pd.Series) -> pd.Series:
    text = s.where(~is_null(s)).astype(str).str.strip().str.upper()
    text = text.str.replace(r"^USD\s*", "", regex=True).str.replace("$", "", regex=False).str.replace(",", "", regex=False)
    thousands = text.str.endswith("K")
    value = pd.to_numeric(text.str.rstrip("K"), errors="coerce")
    value = value.where(~thousands, value * 1000)
    return value.mask(value == -999)


@per_unique
def parse_date(s: pd.Series) -> pd.Series:
    text = s.where(~is_null(s)).astype(str).str.strip()
    out = pd.Series(pd.NaT, index=s.index, dtype="datetime64[ns]")
    for fmt in ("%Y-%m-%d", "%Y/%m/%d", "%m/%d/%Y", "%d-%b-%Y"):
        parsed = pd.to_datetime(text, format=fmt, errors="coerce")
        out = out.fillna(parsed)
    return out


@per_unique
def parse_bool(s: pd.Series) -> pd.Series:
    text = s.fillna("").astype(str).str.strip().str.lower()
    return text.map({"y": 1.0, "yes": 1.0, "true": 1.0, "1": 1.0, "n": 0.0, "no": 0.0, "false": 0.0, "0": 0.0})


@per_unique
def normalise_category(s: pd.Series) -> pd.Series:
    text = s.fillna("").astype(str).str.strip().str.lower().str.replace(r"\s+", " ", regex=True)
    plural = (text.str.len() > 3) & text.str.endswith("s") & ~text.str.endswith("ss")
    text = text.where(~plural, text.str[:-1])
    return text.where(~is_null(s), "missing")


def weight_kg(weight: pd.Series, unit: pd.Series) -> pd.Series:
    text = weight.where(~is_null(weight)).astype(str).str.strip().str.lower()
    suffix = text.str.extract(r"(kg|lb)\s*$")[0]
    value = pd.to_numeric(text.str.replace(r"\s*(kg|lb)\s*$", "", regex=True), errors="coerce")
    value = value.mask(value == -999)
    unit_text = suffix.fillna(unit.fillna("").astype(str).str.strip().str.lower())
    return value.where(unit_text != "lb", value / 2.20462)


# ---------------------------------------------------------------- columns


def plan_columns(dictionary: dict, train: pd.DataFrame, test: pd.DataFrame, y: np.ndarray, use_identifiers_noise: bool):
    """Which columns may be features, from the dictionary's 'recorded' column and checks on the files."""
    docs = {c["name"]: c for c in dictionary["columns"]}
    keep, excluded = [], []
    for name in train.columns:
        if name == dictionary["labelColumn"]:
            continue
        doc = docs.get(name)
        if doc is None:
            excluded.append({"column": name, "reason": "not in the data dictionary: unknown meaning and recording time"})
            continue
        when = doc["recordedWhen"]
        if use_identifiers_noise and (doc["type"] == "id" or NOT_DOCUMENTED.search(doc["description"]) or LOAD_METADATA.search(when)):
            keep.append(doc)
            continue
        if doc["type"] == "id":
            excluded.append({"column": name, "reason": "identifier, not a property of the claim; ids from QF-4000000 up were handed out by the 2023 records migration and later re-entry, and test customers never appear in training (the validation groups by customer instead)."})
        elif NOT_DOCUMENTED.search(doc["description"]):
            excluded.append({"column": name, "reason": "undocumented anonymised telematics channel (aux_*) with no plausible link to the outcome: noise; selecting among them on the training data would only find chance correlations."})
        elif FROM_OUTCOMES.search(when) or FROM_OUTCOMES.search(doc["description"]):
            excluded.append({"column": name, "reason": f"label-aggregated: computed from confirmed fraud outcomes ({when}), not known when a claim is filed; in training it includes the row's own label or looks ahead (target leakage)."})
        elif AFTER_FILING.search(when):
            excluded.append({"column": name, "reason": f"recorded after the claim is filed ({when}): post-outcome information, not available at prediction time."})
        elif LOAD_METADATA.search(when):
            excluded.append({"column": name, "reason": f"warehouse load metadata ({when}): the MIGRATION-2023 batch holds the investigations team's case files, mostly frauds, and no test claim comes that way."})
        else:
            filled_train = 1 - is_null(train[name]).mean()
            filled_test = 1 - is_null(test[name]).mean() if name in test else 0
            if filled_train > 0.1 and filled_test < 0.01:
                excluded.append({"column": name, "reason": f"empty in test ({100 * filled_test:.1f}% filled vs {100 * filled_train:.1f}% in train): missing at prediction time; the legacy system was retired on 2023-12-31."})
                continue
            if doc["type"] == "category":
                top = normalise_category(train[name])
                top = top[top != "missing"].value_counts(normalize=True)
                if len(top) and top.iloc[0] >= 0.99:
                    excluded.append({"column": name, "reason": f'near-constant: "{top.index[0]}" on {100 * top.iloc[0]:.1f}% of filled training rows.'})
                    continue
            keep.append(doc)
    return keep, excluded


def features(frame: pd.DataFrame, keep: list) -> pd.DataFrame:
    """Numbers and categories from the kept columns; dates become days before the filing date."""
    kept = {c["name"]: c for c in keep}
    out = {}
    claim_day = parse_date(frame["claim_date"]) if "claim_date" in kept else None
    for name, doc in kept.items():
        kind = doc["type"]
        if name.startswith("aux_"):
            out[name] = parse_number(frame[name])
        elif kind == "id":
            if name == "claim_id":
                out["claim_id_number"] = pd.to_numeric(frame[name].astype(str).str.extract(r"(\d+)")[0], errors="coerce")
            else:
                out[f"cat_{name}"] = frame[name].fillna("").astype(str).str.strip()
        elif kind == "date":
            if name != "claim_date" and claim_day is not None:
                days = (claim_day - parse_date(frame[name])).dt.days.clip(lower=0)
                out[f"log_days_{name}_to_claim"] = np.log1p(days)
                if name == "customer_since":
                    out["new_account"] = (days < 180).astype(float).where(days.notna())
        elif kind == "amount":
            out[f"log_{name}"] = np.log1p(parse_amount(frame[name]).clip(lower=0))
        elif kind == "boolean":
            out[name] = parse_bool(frame[name])
        elif name == "weight":
            out["log_weight_kg"] = np.log1p(weight_kg(frame["weight"], frame.get("weight_unit", pd.Series("", index=frame.index))).clip(lower=0))
        elif kind in ("integer", "number"):
            out[name] = parse_number(frame[name])
            if "hour" in name:
                out[f"{name}_night"] = (out[name] < 6).astype(float).where(out[name].notna())
        elif kind == "category" and name != "weight_unit":
            out[f"cat_{name}"] = normalise_category(frame[name])
    if "claim_amount" in kept and "declared_value" in kept:
        value = parse_amount(frame["declared_value"])
        out["claim_to_declared_ratio"] = (parse_amount(frame["claim_amount"]) / value.where(value > 0)).clip(upper=3)
    return pd.DataFrame(out, index=frame.index)


def model(columns: list) -> Pipeline:
    categorical = [c for c in columns if c.startswith("cat_")]
    numeric = [c for c in columns if not c.startswith("cat_")]
    prepare = ColumnTransformer(
        [
            ("num", Pipeline([("impute", SimpleImputer(strategy="median", add_indicator=True)), ("scale", StandardScaler())]), numeric),
            ("cat", OneHotEncoder(handle_unknown="infrequent_if_exist", min_frequency=MIN_LEVEL_ROWS), categorical),
        ]
    )
    return Pipeline([("prepare", prepare), ("fit", LogisticRegression(C=C, max_iter=2000))])


# ---------------------------------------------------------------- validation


def deduplicate(train: pd.DataFrame, id_column: str, label: str) -> tuple:
    """One row per claim_id; a claim whose copies disagree on the label is dropped."""
    labels = train.groupby(id_column)[label].nunique()
    conflicting = set(labels[labels > 1].index)
    kept = train[~train[id_column].isin(conflicting)].drop_duplicates(subset=[id_column], keep="first")
    return kept, len(train) - len(kept), len(conflicting)


def customer_hash(customer: str) -> float:
    return (zlib.crc32(customer.encode()) % 10_000) / 10_000


def time_group_split(train: pd.DataFrame) -> tuple:
    day = parse_date(train["claim_date"])
    cutoff = day.max() - pd.Timedelta(days=VALIDATION_DAYS)
    held = train["customer_id"].astype(str).map(customer_hash) < HELD_CUSTOMER_SHARE
    late = day > cutoff
    fit = ~late & ~held
    validation = late & held
    return fit.values, validation.values, cutoff


def best_f1_threshold(p: np.ndarray, y: np.ndarray) -> tuple:
    order = np.argsort(-p, kind="stable")
    ps, ys = p[order], y[order]
    tp = np.cumsum(ys)
    fp = np.cumsum(1 - ys)
    f1 = 2 * tp / (tp + fp + ys.sum())
    i = int(np.argmax(f1))
    return float(ps[i]), float(f1[i])


def logit(p):
    p = np.clip(p, 1e-12, 1 - 1e-12)
    return np.log(p / (1 - p))


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def shift_to_rate(z: np.ndarray, rate: float) -> float:
    """The log-odds shift that makes the mean probability equal `rate` (bisection)."""
    lo, hi = -10.0, 10.0
    for _ in range(80):
        mid = (lo + hi) / 2
        if sigmoid(z + mid).mean() > rate:
            hi = mid
        else:
            lo = mid
    return (lo + hi) / 2


# ---------------------------------------------------------------- main


def main() -> None:
    keep_duplicates = "--keep-duplicates" in sys.argv
    use_identifiers_noise = "--use-identifiers-noise" in sys.argv
    data_dir = os.environ.get("DATA_DIR")
    if not data_dir:
        raise SystemExit("reference-python: DATA_DIR is not set: point it at the folder holding train.csv, test.csv and data_dictionary.json")
    out_dir = os.path.abspath(os.environ.get("OUT_DIR", "out"))
    started = time.perf_counter()

    train = pd.read_csv(os.path.join(data_dir, "train.csv"), dtype=str, keep_default_na=False)
    test = pd.read_csv(os.path.join(data_dir, "test.csv"), dtype=str, keep_default_na=False)
    with open(os.path.join(data_dir, "data_dictionary.json"), encoding="utf-8") as f:
        dictionary = json.load(f)
    label, id_column = dictionary["labelColumn"], dictionary["idColumn"]
    stated_rate = float(dictionary["testPeriod"]["expectedFraudRate"])
    train[label] = pd.to_numeric(train[label].str.strip(), errors="raise").astype(int)

    if keep_duplicates:
        rows, dropped, conflicting = train, 0, 0
    else:
        rows, dropped, conflicting = deduplicate(train, id_column, label)
    rows = rows.reset_index(drop=True)
    y = rows[label].to_numpy()
    keep, excluded = plan_columns(dictionary, train, test, y, use_identifiers_noise)

    x = features(rows, keep)
    x_test = features(test, keep)
    if use_identifiers_noise:
        # The careless version of a customer feature: each customer's fraud rate over all training rows (target encoding).
        rate = rows.groupby("customer_id")[label].mean()
        x = x.drop(columns=["cat_customer_id"]).assign(customer_fraud_rate=rows["customer_id"].map(rate).values)
        x_test = x_test.drop(columns=["cat_customer_id"]).assign(customer_fraud_rate=test["customer_id"].map(rate).fillna(y.mean()).values)
    fit, held, cutoff = time_group_split(rows)

    # Validation: fit on the early claims of the other customers, score the held-out late claims.
    validation_model = model(list(x.columns)).fit(x[fit], y[fit])
    z_val = validation_model.decision_function(x[held])
    y_val = y[held]
    estimates = {"roc_auc": float(roc_auc_score(y_val, z_val)), "average_precision": float(average_precision_score(y_val, z_val))}
    platt = LogisticRegression(C=1e6).fit(z_val.reshape(-1, 1), y_val)
    a, b = float(platt.coef_[0][0]), float(platt.intercept_[0])

    # Final model on every (deduplicated) row, Platt on top, then moved to the stated rate of the scoring period.
    final = model(list(x.columns)).fit(x, y)
    z_test = a * final.decision_function(x_test) + b
    shift = shift_to_rate(z_test, stated_rate)
    probabilities = sigmoid(z_test + shift)
    threshold, f1 = best_f1_threshold(sigmoid(a * z_val + b), y_val)
    threshold = float(sigmoid(logit(threshold) + shift))

    os.makedirs(out_dir, exist_ok=True)
    ids = test[id_column].astype(str).str.strip()
    predictions = pd.DataFrame({"claim_id": ids, "probability": np.round(probabilities, 6)})
    dedup_text = "no deduplication (every row of train.csv)" if keep_duplicates else f"deduplicated on claim_id ({dropped} copies dropped; {conflicting} claims whose copies disagree on the label dropped)"
    report = {
        "schema": "takehome.ml-report/v1",
        "validation": {
            "strategy": "time-group-split",
            "time_aware": True,
            "group_aware": True,
            "description": f"Fitted on claims filed up to {cutoff.date()} by customers outside a hashed {int(100 * HELD_CUSTOMER_SHARE)}% share; validated on the last {VALIDATION_DAYS} days of train for the held-out customers only (test customers are all new). Training rows {dedup_text}.",
            "estimates": {k: round(v, 4) for k, v in estimates.items()},
        },
        "excluded_features": excluded,
        "data_issues": [
            {"issue": "exact duplicates, case/whitespace near-duplicates and copies of a claim with opposite labels (same claim_id); most copies are theft claims", "columns": [id_column, "damage_type"], "handling": dedup_text},
            {"issue": "mixed null markers: '', NA, N/A, null, ? and the -999 sentinel", "columns": [c["name"] for c in keep if c["type"] in ("integer", "number", "amount")], "handling": "all mapped to missing; median imputation with a missing indicator"},
            {"issue": "category spellings (case, plural, whitespace) and a packaging type unseen in training", "columns": [c["name"] for c in keep if c["type"] == "category"], "handling": "normalised case, whitespace and plurals; one-hot with an infrequent/unseen level"},
            {"issue": "amounts as $1,234.50, USD 1234.50 and 1.2k; four date forms; Y/N, 1/0, true/false booleans; weights in kg and lb", "columns": ["claim_amount", "declared_value", "claim_date", "weight", "weight_unit"], "handling": "parsed to one number, date, boolean and kg each; dates become days before the filing date"},
        ],
        "imbalance": {
            "method": "none",
            "recalibrated": True,
            "description": f"No resampling: an L2 logistic regression (scikit-learn, C={C}), Platt scaling on the validation fold (a={a:.3f}, b={b:.3f}), then a log-odds shift of {shift:+.3f} so the mean probability on test equals the {100 * stated_rate:.1f}% fraud rate the claims team states for the scoring period.",
        },
        "threshold": {"value": round(threshold, 4), "reason": f"The probability that maximises F1 on the validation fold (F1 {f1:.3f}), moved with the same shift; a review team with another budget should pick its own cut."},
    }
    predictions.to_csv(os.path.join(out_dir, "predictions.csv.tmp"), index=False, lineterminator="\n")
    os.replace(os.path.join(out_dir, "predictions.csv.tmp"), os.path.join(out_dir, "predictions.csv"))
    with open(os.path.join(out_dir, "report.json.tmp"), "w", encoding="utf-8") as f:
        json.dump(report, f, indent=2)
        f.write("\n")
    os.replace(os.path.join(out_dir, "report.json.tmp"), os.path.join(out_dir, "report.json"))
    print(
        f"reference-python: {len(rows)} training rows, {len(keep)} columns kept, {len(excluded)} excluded, {x.shape[1]} features; "
        f"validation AUC {estimates['roc_auc']:.3f}, AP {estimates['average_precision']:.3f}; shift {shift:+.3f}; {time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
