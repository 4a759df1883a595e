#!/usr/bin/env python3
"""Independent dense reference for matfun's trace job: tr f(A) and d tr f(A)/dtheta_i for
A = sum_i theta_i A_i (Matrix Market components, or 'identity').

Method: A is assembled densely (scipy.io.mmread), then
  log      log det A from a dense Cholesky factorization (scipy.linalg.cho_factor: 2 sum log diag L),
           d/dtheta_i = tr(A^{-1} A_i) with A^{-1} from the same factorization (cho_solve);
  others   eigendecomposition A = U diag(lam) U^T (numpy.linalg.eigh), tr f(A) = sum_j f(lam_j),
           d/dtheta_i = tr(f'(A) A_i) = sum_j f'(lam_j) (U^T A_i U)_jj.
Functions: log, inverse, sqrt, exp:beta=B, power:p=P (no scaling: for moderate values only).
Prints one JSON object: {"n", "trace", "gradient": [...], "minEigenvalue" (eigh path only)}.

Usage: trace_reference.py --function log --matrix A.mtx.gz [--matrix-theta T1] [--component PATH|identity --theta T]...
Exit codes: 0 ok, 2 bad input (message on stderr).
"""

import argparse
import json
import sys

import numpy as np
import scipy.io
import scipy.linalg


def load(path, n=None):
    if path == "identity":
        return np.eye(n)
    a = scipy.io.mmread(path)
    a = a.toarray() if hasattr(a, "toarray") else np.asarray(a)
    return np.asarray(a, dtype=float)


def f_and_df(spec):
    name, _, params = spec.partition(":")
    kv = dict(p.split("=") for p in params.split(",") if p) if params else {}
    if name == "log":
        return np.log, lambda x: 1.0 / x
    if name == "inverse":
        return lambda x: 1.0 / x, lambda x: -1.0 / x ** 2
    if name == "sqrt":
        return np.sqrt, lambda x: 0.5 / np.sqrt(x)
    if name == "exp":
        b = float(kv.get("beta", 1.0))
        return lambda x: np.exp(b * x), lambda x: b * np.exp(b * x)
    if name == "power":
        p = float(kv["p"])
        return lambda x: x ** p, lambda x: p * x ** (p - 1)
    raise ValueError("unknown function " + spec)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--function", required=True)
    ap.add_argument("--matrix", required=True)
    ap.add_argument("--matrix-theta", type=float, default=1.0)
    ap.add_argument("--component", action="append", default=[])
    ap.add_argument("--theta", action="append", type=float, default=[])
    args = ap.parse_args()
    if len(args.component) != len(args.theta):
        print("trace_reference: one --theta per --component", file=sys.stderr)
        return 2
    first = load(args.matrix)
    n = first.shape[0]
    comps = [first] + [load(c, n) for c in args.component]
    thetas = [args.matrix_theta] + args.theta
    a = sum(t * c for t, c in zip(thetas, comps))
    out = {"n": n}
    if args.function == "log":
        c, low = scipy.linalg.cho_factor(a)
        out["trace"] = float(2.0 * np.sum(np.log(np.diag(c))))
        inv = scipy.linalg.cho_solve((c, low), np.eye(n))
        out["gradient"] = [float(np.sum(inv * ci)) for ci in comps]  # tr(A^{-1} A_i), both symmetric
    else:
        f, df = f_and_df(args.function)
        lam, u = np.linalg.eigh(a)
        out["trace"] = float(np.sum(f(lam)))
        out["gradient"] = [float(np.sum(df(lam) * np.einsum("ij,ij->j", u, ci @ u))) for ci in comps]
        out["minEigenvalue"] = float(lam[0])
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
