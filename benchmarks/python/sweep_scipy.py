"""scipy side of benchmarks/sweep.sh: u^T exp(beta A) v on a beta grid with expm_multiply (start/stop/num), for
the symmetrized 0/1 adjacency of a SNAP edge list (self-loops kept on the diagonal as 1, as matfun reads it),
timed, and compared with matfun's summary.json 'values'.

  python3 sweep_scipy.py EDGELIST U V START STOP NUM [SUMMARY_JSON...]
Prints one JSON object: scipy seconds (grid, and the single largest beta), and per summary the max relative
difference of the values against scipy's.
"""
import gzip
import json
import sys
import time

import numpy as np
import scipy.sparse as sp
from scipy.sparse.linalg import expm_multiply


def read(path):
    src, dst = [], []
    with gzip.open(path, "rt") as f:
        for line in f:
            if line.startswith("#"):
                continue
            p = line.split()
            if len(p) >= 2:
                src.append(int(p[0]))
                dst.append(int(p[1]))
    ids = np.unique(np.concatenate([src, dst]))
    index = {x: i for i, x in enumerate(ids)}
    r = np.array([index[x] for x in src])
    c = np.array([index[x] for x in dst])
    n = len(ids)
    a = sp.coo_matrix((np.ones(len(r)), (r, c)), shape=(n, n)).tocsr()
    a = ((a + a.T) > 0).astype(float).tocsr()
    return a, index


def main():
    path, u, v, start, stop, num = sys.argv[1:7]
    a, index = read(path)
    n = a.shape[0]
    ui, vi = index[int(u)], index[int(v)]
    x = np.zeros(n)
    x[vi] = 1.0
    start, stop, num = float(start), float(stop), int(num)
    t0 = time.perf_counter()
    y = expm_multiply(a, x, start=start, stop=stop, num=num, endpoint=True)
    grid = time.perf_counter() - t0
    values = y[:, ui]
    t0 = time.perf_counter()
    one = expm_multiply(stop * a, x)[ui]
    single = time.perf_counter() - t0
    out = {"n": n, "nnz": int(a.nnz), "scipyGridSeconds": grid, "scipySingleSeconds": single,
           "scipyValues": values.tolist(), "scipySingleValue": float(one), "matfun": []}
    for s in sys.argv[7:]:
        j = json.load(open(s))
        mv = np.array([e["value"] for e in j["values"]])
        rel = np.abs(mv - values) / np.abs(values)
        out["matfun"].append({"summary": s, "maxRelativeDifference": float(rel.max()),
                              "medianRelativeDifference": float(np.median(rel))})
    print(json.dumps(out))


if __name__ == "__main__":
    main()
