#!/usr/bin/env python3
"""Independent reference values for `matfun communicability` (see communicability_reference.md).

Reads a graph the way matfun does (Matrix Market, SNAP edge list, GML with label='id'), and prints JSON with

* networkx 3.x values: communicability (nx.communicability on graphs up to --nx-max-n nodes, else the same
  spectral formula sum_j v_pj v_qj exp(beta w_j) vectorized, labelled so), subgraph_centrality, estrada_index;
* cancellation-free references: exp(beta A) X by the Taylor series sum_k (beta A)^k X / k!, whose terms are all
  nonnegative when A >= 0, beta >= 0, X >= 0 (so every entry has relative error ~ (terms) * eps, small entries
  included), for the pairs' columns, the listed nodes and the ones vector; and tr exp(beta A) = sum exp(beta w)
  from numpy's eigvalsh (a sum of positive terms).

networkx's communicability functions binarize A (A[A != 0] = 1): compare them with --weights ignore runs.
"""
import argparse
import json
import math
import sys
import time

import networkx as nx
import numpy as np
import scipy.io
import scipy.sparse as sp


def read_graph(path, fmt, weights):
    """(sorted node ids, symmetric CSR adjacency in that order, networkx Graph with 0/1 semantics)."""
    if fmt == "mtx":
        m = sp.csr_matrix(scipy.io.mmread(path))
        m = m.maximum(m.T) if (m != m.T).nnz == 0 else m
        n = m.shape[0]
        ids = list(range(1, n + 1))
        a = sp.csr_matrix(m, dtype=float)
        g = nx.Graph()
        g.add_nodes_from(ids)
        coo = sp.triu(a).tocoo()
        g.add_weighted_edges_from((ids[i], ids[j], v) for i, j, v in zip(coo.row, coo.col, coo.data))
    else:
        if fmt == "gml":
            g0 = nx.read_gml(path, label="id")
            g = nx.Graph()
            g.add_nodes_from(g0.nodes())
            for u, v, d in g0.edges(data=True):
                g.add_edge(u, v, weight=float(d.get("weight", d.get("value", 1.0))))
        else:
            g = nx.Graph()
            import gzip
            opener = gzip.open if path.endswith(".gz") else open
            with opener(path, "rt") as f:
                for line in f:
                    t = line.split()
                    if not t or t[0].startswith("#") or t[0].startswith("%"):
                        continue
                    w = float(t[2]) if len(t) > 2 else 1.0
                    g.add_edge(int(t[0]), int(t[1]), weight=w)
        ids = sorted(g.nodes())
        a = nx.to_scipy_sparse_array(g, nodelist=ids, weight="weight", format="csr").astype(float)
        a = sp.csr_matrix(a)
    if weights == "ignore":
        a = a.copy()
        a.data[:] = 1.0
    return ids, a, g


def taylor_expm_columns(a, beta, x, max_terms=5000):
    """exp(beta A) X by the Taylor series; requires A >= 0, beta >= 0, X >= 0 (no cancellation)."""
    if beta < 0 or (a.data < 0).any() or (x < 0).any():
        raise ValueError("the Taylor reference needs nonnegative A, beta and X")
    s = x.copy()
    term = x.copy()
    lam = abs(sp.linalg.eigsh(a, k=1, which="LA", return_eigenvectors=False)[0]) if a.shape[0] > 2 else 1.0
    for k in range(1, max_terms):
        term = (beta / k) * (a @ term)
        s += term
        if k > beta * lam + 10:
            with np.errstate(divide="ignore", invalid="ignore"):
                rel = np.where(s > 0, term / s, 0.0)
            if rel.max() < 1e-18:
                return s, k
    raise RuntimeError("Taylor series did not converge in %d terms" % max_terms)


def exact_gradient(a, ids, index, beta, measure, extra):
    """dF/dw_pq = G_pq + G_qp for F = u^T exp(beta A) v, G = V (Gamma o V^T u v^T V) V^T (Daleckii-Krein).

    measure "estrada": F = tr exp(beta A), E = I (G = beta exp(beta A)); "probes:FILE": F = (1/M) sum_i
    z_i^T exp(beta A) z_i, the Hutchinson estimate with the M probes of FILE (n rows in index order, M columns),
    E = Z Z^T / M: the exact gradient of the estimator matfun computes with those probes."""
    n = a.shape[0]
    w, vec = np.linalg.eigh(a.toarray())
    u = np.zeros(n)
    v = np.zeros(n)
    kind = measure.split(":")
    e = None
    if kind[0] == "estrada":
        e = np.eye(n)
    elif kind[0] == "probes":
        z = np.loadtxt(measure.split(":", 1)[1], ndmin=2)
        e = z @ z.T / z.shape[1]
    elif kind[0] == "total":
        u[:] = 1.0
        v[:] = 1.0
    elif kind[0] == "node":
        u[index[int(kind[1])]] = 1.0
        v[:] = u
    else:
        u[index[int(kind[1])]] = 1.0
        v[index[int(kind[2])]] = 1.0
    x = beta * w
    m = 0.5 * (x[:, None] + x[None, :])
    h = 0.5 * (x[:, None] - x[None, :])
    with np.errstate(divide="ignore", invalid="ignore"):
        sinhc = np.where(np.abs(h) < 1e-8, 1.0 + h * h / 6.0, np.sinh(h) / h)
    gamma = beta * np.exp(m) * sinhc
    inner = vec.T @ e @ vec if e is not None else np.outer(vec.T @ u, vec.T @ v)
    g = vec @ (gamma * inner) @ vec.T
    d = g + g.T
    coo = sp.triu(a).tocoo()
    edges = [[ids[i], ids[j], float(d[i, j] if i != j else g[i, i])] for i, j in zip(coo.row, coo.col)]
    at = [[p, q, float(d[index[p], index[q]] if p != q else g[index[p], index[p]])] for p, q in extra]
    return {"measure": measure, "edges": edges, "at": at}


def read_list(path, fields):
    out = []
    with open(path) as f:
        for line in f:
            t = line.replace(",", " ").split()
            if not t or t[0].startswith("#") or t[0].startswith("%"):
                continue
            out.append([int(v) for v in t[:fields]])
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--graph", required=True)
    ap.add_argument("--format", required=True, choices=["mtx", "edgelist", "gml"])
    ap.add_argument("--weights", default="ignore", choices=["use", "ignore"])
    ap.add_argument("--beta", type=float, default=1.0)
    ap.add_argument("--pairs")
    ap.add_argument("--nodes")
    ap.add_argument("--total", action="store_true")
    ap.add_argument("--estrada", action="store_true")
    ap.add_argument("--networkx", action="store_true", help="also networkx's values (binarized A)")
    ap.add_argument("--nx-max-n", type=int, default=400,
                    help="largest n for nx.communicability itself (its triple Python loop is O(n^3))")
    ap.add_argument("--gradient", help="total | pair:P:Q | node:P | estrada | probes:FILE: dF/dw_pq = G_pq + G_qp (Daleckii-Krein, eigh)"
                    " on every stored edge and at the --gradient-at pairs")
    ap.add_argument("--gradient-at", help="file of 'p q' positions (non-edges allowed)")
    ap.add_argument("--out-json")
    args = ap.parse_args()

    t0 = time.time()
    ids, a, g = read_graph(args.graph, args.format, args.weights)
    index = {v: i for i, v in enumerate(ids)}
    n = a.shape[0]
    out = {"n": n, "nnz": int(a.nnz), "beta": args.beta, "weights": args.weights}
    gb = nx.Graph()
    gb.add_nodes_from(g.nodes())
    gb.add_edges_from(g.edges())
    pairs = read_list(args.pairs, 2) if args.pairs else []
    nodes = [r[0] for r in read_list(args.nodes, 1)] if args.nodes else []
    cols = sorted({index[q] for _, q in pairs} | {index[p] for p in nodes})
    if cols:
        x = np.zeros((n, len(cols)))
        for j, c in enumerate(cols):
            x[c, j] = 1.0
        ex, terms = taylor_expm_columns(a, args.beta, x)
        where = {c: j for j, c in enumerate(cols)}
        out["taylorTerms"] = terms
        out["pairs"] = [[p, q, float(ex[index[p], where[index[q]]])] for p, q in pairs]
        out["nodes"] = [[p, float(ex[index[p], where[index[p]]])] for p in nodes]
    if args.total:
        tv, terms = taylor_expm_columns(a, args.beta, np.ones((n, 1)))
        out["totalVector"] = {str(ids[i]): float(tv[i, 0]) for i in range(n)}
        out["total"] = float(math.fsum(tv[:, 0]))
    if args.estrada or args.networkx:
        w = np.linalg.eigvalsh(a.toarray())
        out["lambdaMax"] = float(w[-1])
        out["estradaEig"] = float(math.fsum(np.exp(args.beta * w)))
    if args.networkx and args.beta == 1.0:
        t1 = time.time()
        nxv = {}
        if pairs:
            if n <= args.nx_max_n:
                c = nx.communicability(gb)
                nxv["pairs"] = [[p, q, float(c[p][q])] for p, q in pairs]
                nxv["pairsMethod"] = "nx.communicability"
            else:
                ab = nx.to_numpy_array(gb, nodelist=ids)
                ab[ab != 0.0] = 1
                w, vec = np.linalg.eigh(ab)
                e = np.exp(w)
                nxv["pairs"] = [[p, q, float((vec[index[p], :] * vec[index[q], :]) @ e)] for p, q in pairs]
                nxv["pairsMethod"] = "networkx's formula (eigh of the binarized dense A), vectorized"
        sc = nx.subgraph_centrality(gb)
        nxv["nodes"] = [[p, float(sc[p])] for p in nodes]
        nxv["subgraphCentrality"] = {str(k): float(v) for k, v in sc.items()}
        nxv["estrada"] = float(nx.estrada_index(gb))
        nxv["seconds"] = time.time() - t1
        nxv["version"] = nx.__version__
        out["networkx"] = nxv
    if args.gradient:
        out["gradient"] = exact_gradient(a, ids, index, args.beta, args.gradient,
                                         read_list(args.gradient_at, 2) if args.gradient_at else [])
    out["seconds"] = time.time() - t0
    text = json.dumps(out)
    if args.out_json:
        with open(args.out_json, "w") as f:
            f.write(text)
    else:
        print(text)


if __name__ == "__main__":
    sys.exit(main())
