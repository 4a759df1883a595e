#!/usr/bin/env python3
"""What users would run instead of matfun (issue 3): scipy and networkx, timed on this machine.

Subcommands (benchmarks/against-scipy.sh runs them in order with matfun's Java side in between):

  quadratic --matrix PATH.mtx.gz --name NAME --t T --ks 10,20,... --ref-k K --out FILE.json
      x^T exp(-t M) x with x_i = cos(i) / ||cos|| (i = 0..n-1, the same vector as the Java side):
      scipy.sparse.linalg.expm_multiply (default tolerance), and a scipy-based Lanczos quadrature
      (scipy.sparse matvec, scipy.linalg.eigh_tridiagonal, Gauss rule ||x||^2 e_1^T f(T_k) e_1, no
      reorthogonalization) at each k. Reference: the same Lanczos quadrature with full reorthogonalization
      (classical Gram-Schmidt twice) at k = --ref-k, cross-checked against expm_multiply.
  networkx --edgelist PATH.txt.gz --name NAME --count C --seed S --pairs-out FILE.tsv --out FILE.json
      networkx.communicability_exp(G) (scipy.linalg.expm of the adjacency; networkx.communicability, which
      loops over eigenvectors in Python, took 88 s on a 305-node graph here) and
      networkx.subgraph_centrality(G) on the undirected graph without self-loops; C seeded random node pairs
      and C seeded nodes of the largest connected component are written to --pairs-out (node ids) with their
      networkx values in --out.
  report --scipy A.json ... --matfun B.json ... --networkx C.json ... --matfun-nx D.json ... --out FILE.md
"""
import argparse
import gzip
import json
import os
import sys
import time

import networkx as nx
import numpy as np
import scipy
import scipy.io
import scipy.linalg
import scipy.sparse
import scipy.sparse.linalg


def start_vector(n):
    x = np.cos(np.arange(n, dtype=np.float64))
    return x / np.linalg.norm(x)


def lanczos_quadrature(m, x, k, f, full=False):
    """||x||^2 e_1^T f(T_k) e_1 from k Lanczos steps (optionally with full reorthogonalization)."""
    nx_ = np.linalg.norm(x)
    q = x / nx_
    q_prev = np.zeros_like(q)
    alphas, betas = [], []
    basis = np.empty((k, x.size)) if full else None
    beta = 0.0
    for j in range(k):
        if full:
            basis[j] = q
        w = m @ q - beta * q_prev
        alpha = q @ w
        w -= alpha * q
        if full:
            qm = basis[: j + 1]
            for _ in range(2):
                w -= qm.T @ (qm @ w)
        beta = np.linalg.norm(w)
        alphas.append(alpha)
        if j < k - 1:
            betas.append(beta)
            q_prev, q = q, w / beta
    lam, s = scipy.linalg.eigh_tridiagonal(np.array(alphas), np.array(betas))
    return nx_ ** 2 * float(np.sum(s[0, :] ** 2 * f(lam)))


def quadratic(args):
    t0 = time.perf_counter()
    with gzip.open(args.matrix, "rb") as fh:
        m = scipy.sparse.csr_matrix(scipy.io.mmread(fh))
    load = time.perf_counter() - t0
    n = m.shape[0]
    x = start_vector(n)
    t = args.t
    f = lambda lam: np.exp(-t * lam)
    lanczos_quadrature(m, x, 20, f)  # warm-up
    runs = []
    t1 = time.perf_counter()
    ref = lanczos_quadrature(m, x, args.ref_k, f, full=True)
    ref_seconds = time.perf_counter() - t1
    t1 = time.perf_counter()
    y = scipy.sparse.linalg.expm_multiply(-t * m, x)
    runs.append({"method": "scipy expm_multiply", "k": None, "seconds": time.perf_counter() - t1,
                 "value": float(x @ y)})
    for k in [int(s) for s in args.ks.split(",")]:
        t1 = time.perf_counter()
        v = lanczos_quadrature(m, x, k, f)
        runs.append({"method": "scipy Lanczos quadrature, fixed k", "k": k,
                     "seconds": time.perf_counter() - t1, "value": v})
    out = {"name": args.name, "n": n, "nnz": int(m.nnz), "t": t, "loadSeconds": load,
           "reference": ref, "referenceK": args.ref_k, "referenceSeconds": ref_seconds, "runs": runs,
           "versions": versions()}
    with open(args.out, "w") as fh:
        json.dump(out, fh, indent=1)


def networkx_side(args):
    t0 = time.perf_counter()
    g = nx.read_edgelist(args.edgelist, nodetype=int, comments="#")
    g.remove_edges_from(list(nx.selfloop_edges(g)))
    load = time.perf_counter() - t0
    rng = np.random.default_rng(args.seed)
    # pairs and nodes from the largest connected component (elsewhere exp(A)_pq = 0 and relative errors are
    # meaningless)
    nodes = sorted(max(nx.connected_components(g), key=len))
    pairs = []
    while len(pairs) < args.count:
        p, q = rng.choice(len(nodes), size=2, replace=False)
        pairs.append((nodes[p], nodes[q]))
    singles = [nodes[i] for i in rng.choice(len(nodes), size=args.count, replace=False)]
    t1 = time.perf_counter()
    comm = nx.communicability_exp(g)
    t_comm = time.perf_counter() - t1
    comm_values = [comm[p][q] for p, q in pairs]
    del comm
    t1 = time.perf_counter()
    sc = nx.subgraph_centrality(g)
    t_sc = time.perf_counter() - t1
    with open(args.pairs_out, "w") as fh:
        fh.write("# node ids: %d communicability pairs, then %d subgraph-centrality nodes (p p)\n"
                 % (len(pairs), len(singles)))
        for p, q in pairs:
            fh.write("%d\t%d\n" % (p, q))
        for p in singles:
            fh.write("%d\t%d\n" % (p, p))
    out = {"name": args.name, "n": g.number_of_nodes(), "edges": g.number_of_edges(), "loadSeconds": load,
           "communicabilitySeconds": t_comm, "communicabilityFunction": "communicability_exp", "subgraphCentralitySeconds": t_sc,
           "pairs": [{"p": p, "q": q, "value": v} for (p, q), v in zip(pairs, comm_values)],
           "nodes": [{"p": p, "value": sc[p]} for p in singles], "versions": versions()}
    with open(args.out, "w") as fh:
        json.dump(out, fh, indent=1)


def versions():
    return {"python": sys.version.split()[0], "numpy": np.__version__, "scipy": scipy.__version__,
            "networkx": nx.__version__}


def rel(x, ref):
    return abs(x - ref) / abs(ref)


def report(args):
    lines = []
    for sp, mp in zip(args.scipy, args.matfun):
        s = json.load(open(sp))
        m = json.load(open(mp))
        ref = s["reference"]
        lines.append("#### %s: x^T exp(-%g M) x (n = %d, nnz = %d)\n" % (s["name"], s["t"], s["n"], s["nnz"]))
        lines.append("Reference %.16e: scipy-based Lanczos with full reorthogonalization at k = %d (%.1f s).\n"
                     % (ref, s["referenceK"], s["referenceSeconds"]))
        lines.append("| method | k | seconds | relative error |\n|---|---|---|---|")
        rows = [(r["method"], r["k"], r["seconds"], rel(r["value"], ref)) for r in s["runs"]]
        rows += [(r["method"] + ("" if "fixed" in r["method"] else " (" + r["termination"] + ")"), r["k"],
                  r["seconds"], rel(r["value"], ref)) for r in m["runs"]]
        for name, k, sec, err in rows:
            lines.append("| %s | %s | %.4f | %.1e |" % (name, "" if k is None else k, sec, err))
        lines.append("\nLoading: scipy.io.mmread %.1f s, matfun's Java reader %.1f s (not included above).\n"
                     % (s["loadSeconds"], m["loadSeconds"]))
    for xp, mp in zip(args.networkx, args.matfun_nx):
        x = json.load(open(xp))
        m = json.load(open(mp))
        count = len(x["pairs"])
        lines.append("#### %s (n = %d, %d edges, self-loops removed)\n" % (x["name"], x["n"], x["edges"]))
        lines.append("networkx (all n^2 pairs / all n nodes at once): communicability_exp %.1f s, "
                     "subgraph_centrality %.1f s.\n" % (x["communicabilitySeconds"], x["subgraphCentralitySeconds"]))
        lines.append("| matfun BilinearForm (%d pairs + %d nodes) | time | per entry | steps k | communicability: "
                     "relative difference to networkx, max / median | pairs returned as exactly 0 | subgraph "
                     "centrality: max / median |\n|---|---|---|---|---|---|---|" % (count, len(x["nodes"])))
        for run, label in (("stoppingRule", "default stopping rule, tolerance 1e-12"),
                           ("fixedK", "exactly k = %d steps" % m["fixedK"])):
            ent = m[run + "Entries"]
            comm_err = [rel(e["value"], r["value"]) for e, r in zip(ent[:count], x["pairs"])]
            zeros = sum(1 for e in ent[:count] if e["value"] == 0.0)
            sc_err = [rel(e["value"], r["value"]) for e, r in zip(ent[count:], x["nodes"])]
            steps = [e["k"] for e in ent]
            lines.append("| %s | %.2f s | %.1f ms | %d-%d | %.1e / %.1e | %d of %d | %.1e / %.1e |"
                         % (label, m[run + "Seconds"], 1e3 * m[run + "Seconds"] / len(ent), min(steps), max(steps),
                            max(comm_err), float(np.median(comm_err)), zeros, count, max(sc_err),
                            float(np.median(sc_err))))
        per = m["fixedKSeconds"] / len(m["fixedKEntries"])
        lines.append("\nBreak-even (exactly k = %d): the time of nx.communicability_exp buys %.0f matfun entries; "
                     "networkx's buys all %d.\n" % (m["fixedK"], x["communicabilitySeconds"] / per, x["n"] ** 2))
    with open(args.out, "w") as fh:
        fh.write("\n".join(lines) + "\n")
    print("\n".join(lines))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    q = sub.add_parser("quadratic")
    q.add_argument("--matrix", required=True)
    q.add_argument("--name", required=True)
    q.add_argument("--t", type=float, required=True)
    q.add_argument("--ks", required=True)
    q.add_argument("--ref-k", type=int, required=True)
    q.add_argument("--out", required=True)
    w = sub.add_parser("networkx")
    w.add_argument("--edgelist", required=True)
    w.add_argument("--name", required=True)
    w.add_argument("--count", type=int, default=50)
    w.add_argument("--seed", type=int, default=7)
    w.add_argument("--pairs-out", required=True)
    w.add_argument("--out", required=True)
    r = sub.add_parser("report")
    r.add_argument("--scipy", nargs="*", default=[])
    r.add_argument("--matfun", nargs="*", default=[])
    r.add_argument("--networkx", nargs="*", default=[])
    r.add_argument("--matfun-nx", nargs="*", default=[])
    r.add_argument("--out", required=True)
    a = ap.parse_args()
    {"quadratic": quadratic, "networkx": networkx_side, "report": report}[a.cmd](a)


if __name__ == "__main__":
    main()
