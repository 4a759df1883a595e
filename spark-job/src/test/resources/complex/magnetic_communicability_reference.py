#!/usr/bin/env python3
"""Dense reference for MagneticCommunicabilityTest: communicability of the magnetic operator of a directed GML graph.

usage: magnetic_communicability_reference.py PATH.gml.gz KIND Q BETA PAIRS NODES PROBES
  KIND: adjacency (G = expm(beta H)) | laplacian (G = expm(-beta L), L = D_s - H); H is MagNet's magnetic adjacency
        H_pq = w_s exp(i 2 pi q (a_pq - a_qp)), w_s = (w_pq + w_qp) / 2, duplicates summed (hermitian_reference.py).
  PAIRS: lines 'p q' (node ids); NODES: lines 'p'; PROBES: the Rademacher probes matfun uses on the real embedding,
        2n rows (embedding index order), M columns, whitespace-separated ('-' for none).
Prints one JSON object: pairs [[p, q, re, im]] (G_pq by scipy.linalg.expm of the dense complex matrix), nodes
[[p, G_pp]], total 1^T G 1 (and its imaginary part, ~0), vector {id: [re, im]} of G 1, estrada tr G, and with probes
the estimators matfun computes from them on the embedding E = [[Re G, -Im G], [Im G, Re G]] (interleaved):
estradaEstimator (1/(2M)) sum_i z_i^T E z_i and diagEstimator {id: (d_2p + d_2p+1) / 2}, d = mean_i z_i o E z_i.
"""
import json
import os
import sys

import numpy as np
import scipy.linalg

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hermitian_reference as ref  # noqa: E402


def read_ids(path, fields):
    out = []
    with open(path) as f:
        for line in f:
            t = line.split()
            if t and not t[0].startswith("#"):
                out.append([int(x) for x in t[:fields]])
    return out


def main(argv):
    path, kind, q, beta, pairs, nodes, probes = argv[0], argv[1], float(argv[2]), float(argv[3]), argv[4], argv[5], argv[6]
    ids, edges = ref.read_gml(path)
    h, _ = ref.magnetic(ids, edges, kind, q)
    g = scipy.linalg.expm((-beta if kind == "laplacian" else beta) * h)
    index = {x: i for i, x in enumerate(ids)}
    n = len(ids)
    out = {"n": n}
    out["pairs"] = [[p, r, g[index[p], index[r]].real, g[index[p], index[r]].imag] for p, r in read_ids(pairs, 2)]
    out["nodes"] = [[p[0], g[index[p[0]], index[p[0]]].real] for p in read_ids(nodes, 1)]
    ones = np.ones(n)
    tot = ones @ g @ ones
    out["total"], out["totalImag"] = tot.real, tot.imag
    vec = g @ ones
    out["vector"] = {str(ids[i]): [vec[i].real, vec[i].imag] for i in range(n)}
    out["estrada"] = np.trace(g).real
    if probes != "-":
        z = np.loadtxt(probes, ndmin=2)
        e = np.zeros((2 * n, 2 * n))
        e[0::2, 0::2] = g.real
        e[1::2, 1::2] = g.real
        e[1::2, 0::2] = g.imag
        e[0::2, 1::2] = -g.imag
        ez = e @ z
        m = z.shape[1]
        out["estradaEstimator"] = float(np.sum(z * ez)) / (2 * m)
        d = np.mean(z * ez, axis=1)
        out["diagEstimator"] = {str(ids[i]): (d[2 * i] + d[2 * i + 1]) / 2 for i in range(n)}
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1:])
