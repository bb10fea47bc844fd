#!/usr/bin/env python3
"""Golden values for the evaluation's statistics (Sources/Evaluation/Statistics), computed by SciPy.

Run from this folder: python3 make_statistics_fixture.py > statistics.json (SciPy 1.17.1, NumPy 2.4.6 made the
committed file). Each Wilcoxon case names the SciPy method that applies to it, the same choice msl makes:
the exact null distribution for n <= 50 non-zero differences (SciPy's 'exact' without ties; with ties its
permutation test, which enumerates all 2^n sign flips for n <= 13 and so is exact too), the normal
approximation without continuity correction above 50. Zero differences are dropped ('wilcox').
"""
import json

import numpy as np
from scipy import stats

rng = np.random.default_rng(20261121)


def case(name, a, b, method):
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    if method == "permutation":
        m = stats.PermutationMethod(n_resamples=np.inf)
    else:
        m = method
    r = stats.wilcoxon(a, b, zero_method="wilcox", correction=False, alternative="two-sided", method=m)
    d = a - b
    return {
        "name": name, "a": a.tolist(), "b": b.tolist(), "scipy_method": method,
        "n": int(np.count_nonzero(d)), "statistic": float(r.statistic), "p": float(r.pvalue),
    }


cases = []
for n in (2, 5, 8, 10, 20):
    a = rng.normal(0.9, 0.02, n)
    cases.append(case(f"exact n={n}", a, a - rng.normal(0.005, 0.01, n), "exact"))
# Ties in |d| (values on a coarse grid) and zero differences: SciPy's exhaustive permutation test.
a = np.round(rng.normal(0, 1, 9), 0)
b = np.round(rng.normal(0.5, 1, 9), 0)
cases.append(case("ties and zeros n=9", a, b, "permutation"))
a = np.array([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0])
cases.append(case("ties n=7", a, a - np.array([0.5, -0.5, 0.5, 1.0, 1.0, -2.0, 0.5]), "permutation"))
for n, ties in ((60, False), (80, True)):
    a = rng.normal(0, 1, n)
    d = rng.normal(0.2, 1, n)
    if ties:
        d = np.round(d, 1)
    cases.append(case(f"normal n={n}{' ties' if ties else ''}", a, a - d, "asymptotic"))

samples = [rng.normal(0, 1, n).tolist() for n in (1, 2, 7)]
summaries = [
    {"values": s, "mean": float(np.mean(s)), "sd": float(np.std(s, ddof=1)) if len(s) > 1 else None}
    for s in samples
]
print(json.dumps({"wilcoxon": cases, "summaries": summaries}, indent=1))
