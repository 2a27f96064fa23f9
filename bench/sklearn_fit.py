"""Fits scikit-learn's LogisticRegression(lbfgs) on a one-hot design dumped by the bench.

Reads <dir>/meta.json (rows, attrs, levels[j], reference[j], C), <dir>/codes.i32 (attribute-major:
codes of attribute 0 for every row, then attribute 1, ...) and <dir>/y.u8, builds the same
reference-coded sparse design as lib/model's patternDesign (column order: attributes in order, their
non-reference levels in level order), and fits with penalty l2, C as given, at sklearn's default tol
and at a tight tol run to convergence (scipy's ftol stop off; see minimize_without_ftol). Only .fit() is
timed. Prints one JSON object.

sklearn minimises 0.5*||b||^2 + C*sum(loss) with the intercept unpenalised: the same objective as
leadlens' fitLogistic with the same C (../shared/reference/README.md section 1b).
"""
import json, sys, time, warnings
import numpy as np
import scipy.optimize
import scipy.sparse as sp
import sklearn
from sklearn.linear_model import LogisticRegression

d = sys.argv[1]
meta = json.load(open(f"{d}/meta.json"))
n, k = meta["rows"], meta["attrs"]
codes = np.fromfile(f"{d}/codes.i32", dtype=np.int32).reshape(k, n)
y = np.fromfile(f"{d}/y.u8", dtype=np.uint8)
rows, cols = [], []
offset = 0
for j in range(k):
    L, ref = meta["levels"][j], meta["reference"][j]
    colmap = np.full(L, -1, dtype=np.int64)
    colmap[[l for l in range(L) if l != ref]] = np.arange(offset, offset + L - 1)
    offset += L - 1
    c = colmap[codes[j]]
    keep = c >= 0
    rows.append(np.nonzero(keep)[0])
    cols.append(c[keep])
r = np.concatenate(rows); c = np.concatenate(cols)
X = sp.csr_matrix((np.ones(len(r)), (r, c)), shape=(n, offset))

def objective(coef):
    """sklearn's objective 0.5*||w||^2 + C*sum(loss) (intercept unpenalised) and its gradient's inf-norm."""
    b0, w = coef[0], np.asarray(coef[1:])
    eta = X @ w + b0
    loss = np.logaddexp(0, eta) - y * eta
    r = 1 / (1 + np.exp(-eta)) - y
    g = np.concatenate([[meta["C"] * r.sum()], meta["C"] * (X.T @ r) + w])
    return float(0.5 * w @ w + meta["C"] * loss.sum()), float(np.abs(g).max())

_minimize = scipy.optimize.minimize

def minimize_without_ftol(*args, **kwargs):
    """scipy's L-BFGS-B with its relative-reduction stop (ftol) turned off, so lbfgs stops on tol alone.

    Debian's sklearn 1.2 leaves scipy's default ftol (2.2e-9 relative): lbfgs stops once an iteration
    lowers the summed objective (~2.6e5 here) by less than ~6e-4, whatever tol says
    (scikit-learn#18074), and its coefficients are good to ~1e-4. sklearn 1.4 sets ftol = 64·eps
    (scikit-learn#27191), which still stops at ~1.6e-6 here. With ftol = 0 the same lbfgs run goes
    on until max |gradient| <= tol, which is the converged answer to compare coefficients with.
    """
    if kwargs.get("method") == "L-BFGS-B":
        kwargs["options"] = {**kwargs.get("options", {}), "ftol": 0.0}
    return _minimize(*args, **kwargs)

def fit(tol, solver="lbfgs", converge=False):
    m = LogisticRegression(penalty="l2", C=meta["C"], solver=solver, tol=tol, max_iter=100000)
    import sklearn.linear_model._logistic as logistic
    logistic.optimize.minimize = minimize_without_ftol if converge else _minimize
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t0, c0 = time.perf_counter(), time.process_time()
        m.fit(X, y)
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    coef = [float(m.intercept_[0])] + [float(v) for v in m.coef_[0]]
    obj, grad = objective(coef)
    return {"solver": solver, "fit_s": wall, "cpu_s": cpu, "n_iter": int(m.n_iter_[0]), "tol": tol, "objective": obj, "grad_inf_norm": grad, "coef": coef}

out = {"sklearn_version": sklearn.__version__, "columns": offset, "default": fit(1e-4)}
if meta.get("tight_tol"):
    out["tight"] = fit(meta["tight_tol"], converge=True)
    # newton-cg at the same tol: sklearn's other precise answer to the same objective.
    out["newton_cg"] = fit(meta["tight_tol"], "newton-cg")
import os
if os.path.exists(f"{d}/ours.json"):
    ours = json.load(open(f"{d}/ours.json"))
    obj, grad = objective(ours)
    out["ours"] = {"objective": obj, "grad_inf_norm": grad}
print(json.dumps(out))
