"""scipy side of benchmarks/sweep-complex.sh: u^H exp(-i t H) v on a t grid with expm_multiply (start/stop/num) for
the magnetic adjacency H^(q) of a directed graph (MagNet: H_pq = w_s exp(i 2 pi q (a_pq - a_qp)),
w_s = (w_pq + w_qp) / 2, duplicate records summed, as core's MagneticOperator), timed, and compared with matfun's
summary.json 'values' (and the single value's 'value').

  python3 sweep_complex_scipy.py GRAPH(.gml.gz | SNAP .txt.gz) Q U V START STOP NUM [SUMMARY_JSON...]
U, V are node ids. Prints one JSON object: scipy seconds (grid, and the single largest t), the largest |t| ||H||
(||H|| from eigsh), and per summary the max and median relative difference of the values against scipy's.
"""
import gzip
import json
import os
import sys
import time

import numpy as np
import scipy.sparse as sp
from scipy.sparse.linalg import eigsh, expm_multiply

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "spark-job", "src", "test", "resources",
                                "complex"))
from hermitian_reference import read_gml  # noqa: E402  (the test reference's GML reader)


def read_edges(path):
    if path.endswith(".gml.gz"):
        ids, edges = read_gml(path)
        src = [int(s) for s, _, _ in edges]
        dst = [int(d) for _, d, _ in edges]
        w = [float(x) for _, _, x in edges]
        return np.array(ids), np.array(src), np.array(dst), np.array(w)
    src, dst = [], []
    with gzip.open(path, "rt") as f:
        for line in f:
            if line.startswith("#") or line.startswith("%"):
                continue
            p = line.split()
            if len(p) >= 2:
                src.append(int(p[0]))
                dst.append(int(p[1]))
    src, dst = np.array(src), np.array(dst)
    return np.unique(np.concatenate([src, dst])), src, dst, np.ones(len(src))


def magnetic(path, q):
    ids, src, dst, w = read_edges(path)
    index = {x: i for i, x in enumerate(ids)}
    r = np.array([index[x] for x in src])
    c = np.array([index[x] for x in dst])
    n = len(ids)
    wm = sp.coo_matrix((w, (r, c)), shape=(n, n)).tocsr()          # duplicates summed
    am = (sp.coo_matrix((np.ones(len(r)), (r, c)), shape=(n, n)).tocsr() > 0).astype(float)
    ws = ((wm + wm.T) / 2).tocsr()
    pattern = ((am + am.T) > 0).tocoo()
    pr, pc = pattern.row, pattern.col
    s = np.asarray(am[pr, pc]).ravel() - np.asarray(am[pc, pr]).ravel()
    vals = np.asarray(ws[pr, pc]).ravel() * np.exp(1j * 2 * np.pi * q * s)
    return sp.csr_matrix((vals, (pr, pc)), shape=(n, n)), index


def main():
    path, q, u, v, start, stop, num = sys.argv[1:8]
    h, index = magnetic(path, float(q))
    n = h.shape[0]
    ui, vi = index[int(u)], index[int(v)]
    x = np.zeros(n, dtype=complex)
    x[vi] = 1.0
    start, stop, num = float(start), float(stop), int(num)
    m = -1j * h
    t0 = time.perf_counter()
    y = expm_multiply(m, x, start=start, stop=stop, num=num, endpoint=True)
    grid = time.perf_counter() - t0
    values = y[:, ui]
    t0 = time.perf_counter()
    one = expm_multiply(stop * m, x)[ui]
    single = time.perf_counter() - t0
    norm = float(np.max(np.abs(eigsh(h, k=2, which="LM", return_eigenvectors=False))))
    out = {"n": n, "nnz": int(h.nnz), "norm": norm, "tNorm": stop * norm, "scipyGridSeconds": grid,
           "scipySingleSeconds": single, "scipySingleValue": [one.real, one.imag], "matfun": []}
    for s in sys.argv[8:]:
        j = json.load(open(s))
        if "values" in j:
            mv = np.array([e["value"]["re"] + 1j * e["value"]["im"] for e in j["values"]])
            rel = np.abs(mv - values) / np.abs(values)
        else:
            rel = np.array([abs(j["value"]["re"] + 1j * j["value"]["im"] - one) / abs(one)])
        out["matfun"].append({"summary": s, "maxRelativeDifference": float(rel.max()),
                              "medianRelativeDifference": float(np.median(rel))})
    print(json.dumps(out))


if __name__ == "__main__":
    main()
