#!/usr/bin/env python3
"""Finite-difference check of the total-communicability and Estrada-index edge sensitivities of
`matfun communicability` (not a CI test: 2 x EDGES + 1 commands).

usage: fd_check.py GRAPH FORMAT WORKDIR [EDGES=20] [H=1e-3] [PROBES=20] [SEED=1]

Writes the graph as an edge list with unit weights (networkx semantics), runs matfun once with --total --estrada
--sensitivities top:EDGES --sensitivities-for total,estrada, then for each of the EDGES edges most sensitive for
the total reruns matfun on the edge list with that edge's weight 1 +- H (same probes: the Rademacher entries depend
on the seed and the node's row index, which the perturbation does not change) and compares
(F(w + H) - F(w - H)) / 2H with dF/dw, for F = 1^T exp(A) 1 and F = the Estrada estimate with those probes
(the estimator is a smooth function of A for fixed probes, so its finite difference is exactly what its
sensitivity estimates). Prints JSON: max |FD - dF/dw| / max |dF/dw| per measure.
"""
import json
import os
import subprocess
import sys

import pyarrow.parquet as pq

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "spark-job", "src", "test", "python"))
import communicability_reference as ref  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")


def run(graph, out, probes, seed, extra=()):
    cmd = [os.path.join(ROOT, "deploy", "matfun"), "communicability", "--graph", graph, "--format", "edgelist",
           "--total", "--estrada", "--probes", str(probes), "--seed", str(seed), "--tol", "1e-14",
           "--partitions", "1", "--output", out, "--overwrite", *extra]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    s = json.load(open(os.path.join(out, "summary.json")))
    return float(s["total"]["value"]), float(s["estrada"]["value"])


def write(path, edges, change=None, h=0.0):
    with open(path, "w") as f:
        for (u, v) in edges:
            w = 1.0 + (h if change is not None and {u, v} == set(change) else 0.0)
            f.write("%d %d %.17g\n" % (u, v, w))


def main():
    graph, fmt, work = sys.argv[1:4]
    nedges = int(sys.argv[4]) if len(sys.argv) > 4 else 20
    h = float(sys.argv[5]) if len(sys.argv) > 5 else 1e-3
    probes = int(sys.argv[6]) if len(sys.argv) > 6 else 20
    seed = int(sys.argv[7]) if len(sys.argv) > 7 else 1
    os.makedirs(work, exist_ok=True)
    ids, a, g = ref.read_graph(graph, fmt, "ignore")
    edges = sorted((min(u, v), max(u, v)) for u, v in g.edges() if u != v)
    base = os.path.join(work, "base.txt")
    write(base, edges)
    out = os.path.join(work, "base")
    run(base, out, probes, seed, ["--sensitivities", "top:%d" % nedges, "--sensitivities-for", "total,estrada"])
    t = pq.read_table(os.path.join(out, "sensitivities")).to_pydict()
    sens = {}
    for m, s, d, v in zip(t["measure"], t["src"], t["dst"], t["sensitivity"]):
        sens[(m, min(s, d), max(s, d))] = v
    scale = {m: max(abs(v) for (mm, _, _), v in sens.items() if mm == m) for m in ("total", "estrada")}
    top = sorted(((abs(v), s, d) for (m, s, d), v in sens.items() if m == "total"), reverse=True)[:nedges]
    worst = {"total": 0.0, "estrada": 0.0}
    rows = []
    for _, s, d in top:
        f = {}
        for sign in (1, -1):
            p = os.path.join(work, "pert.txt")
            write(p, edges, (s, d), sign * h)
            f[sign] = run(p, os.path.join(work, "pert"), probes, seed)
        for i, m in enumerate(("total", "estrada")):
            fd = (f[1][i] - f[-1][i]) / (2 * h)
            err = abs(fd - sens[(m, s, d)]) / scale[m]
            worst[m] = max(worst[m], err)
            rows.append([m, s, d, sens[(m, s, d)], fd, err])
    print(json.dumps({"graph": os.path.basename(graph), "edges": len(top), "h": h, "probes": probes, "seed": seed,
                      "maxAbsErrorOverMaxSensitivity": worst, "rows": rows}, indent=1))


if __name__ == "__main__":
    main()
