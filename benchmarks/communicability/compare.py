#!/usr/bin/env python3
"""Compares a `matfun communicability` output directory with networkx 3.x and the cancellation-free Taylor
reference of spark-job/src/test/python/communicability_reference.py. Needs pyarrow (to read the Parquet).

usage: compare.py GRAPH FORMAT MATFUN_DIR PAIRS NODES
Prints one JSON object: per quantity, the largest relative error against the Taylor reference, how many entries
networkx computes to 1e-10 (relative to the Taylor value) and matfun's largest error against networkx on those,
and the Estrada index (networkx) against matfun's 95% interval.
"""
import json
import math
import os
import sys
import time

import networkx as nx
import numpy as np
import pyarrow.parquet as pq

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "spark-job", "src", "test", "python"))
import communicability_reference as ref  # noqa: E402


def table(path):
    return pq.read_table(path).to_pydict()


def main():
    graph, fmt, out, pairs_file, nodes_file = sys.argv[1:6]
    ids, a, g = ref.read_graph(graph, fmt, "ignore")
    index = {v: i for i, v in enumerate(ids)}
    n = a.shape[0]
    pairs = ref.read_list(pairs_file, 2)
    nodes = [r[0] for r in ref.read_list(nodes_file, 1)]
    cols = sorted({index[q] for _, q in pairs} | {index[p] for p in nodes})
    x = np.zeros((n, len(cols)))
    for j, c in enumerate(cols):
        x[c, j] = 1.0
    t0 = time.time()
    ex, _ = ref.taylor_expm_columns(a, 1.0, x)
    tv, _ = ref.taylor_expm_columns(a, 1.0, np.ones((n, 1)))
    taylor_s = time.time() - t0
    where = {c: j for j, c in enumerate(cols)}
    t0 = time.time()
    ab = nx.to_numpy_array(g, nodelist=ids)
    ab[ab != 0.0] = 1
    w, vec = np.linalg.eigh(ab)
    e = np.exp(w)
    nx_pairs = {(p, q): float((vec[index[p], :] * vec[index[q], :]) @ e) for p, q in pairs}
    gb = nx.Graph()
    gb.add_nodes_from(g.nodes())
    gb.add_edges_from(g.edges())
    sc = nx.subgraph_centrality(gb)
    # nx.estrada_index(G) is sum(subgraph_centrality(G).values()): the same number without a second eigh
    estrada = math.fsum(sc.values())
    nx_s = time.time() - t0
    res = {"graph": os.path.basename(graph), "n": n, "taylorSeconds": taylor_s, "networkxSeconds": nx_s}

    mp = table(os.path.join(out, "pairs"))
    errs, nx_ok, nx_errs, bounds_ok, worst_bounded = [], 0, [], 0, 0.0
    for s, d, v, bound in zip(mp["src"], mp["dst"], mp["value"], mp["roundingBound"]):
        t = ex[index[s], where[index[d]]]
        err = (0.0 if v == 0.0 else math.inf) if t == 0.0 else abs(v - t) / t  # t = 0: different components
        errs.append(err)
        if bound <= 1e-10:
            bounds_ok += 1
            worst_bounded = max(worst_bounded, err)
        nxv = nx_pairs[(s, d)]
        if abs(nxv - t) <= 1e-10 * t:
            nx_ok += 1
            nx_errs.append(abs(v - nxv) / abs(nxv))
    res["pairs"] = {"count": len(errs), "maxRelErrorVsTaylor": max(errs),
                    "within1e-10VsTaylor": sum(1 for x in errs if x <= 1e-10),
                    "withRoundingBoundBelow1e-10": bounds_ok, "maxRelErrorVsTaylorWhereBoundBelow1e-10": worst_bounded,
                    "networkxAccurateTo1e-10": nx_ok,
                    "maxRelErrorVsNetworkxWhereNetworkxAccurate": max(nx_errs) if nx_errs else None}
    mn = table(os.path.join(out, "subgraph-centrality"))
    nerr = [abs(v - ex[index[s], where[index[s]]]) / ex[index[s], where[index[s]]] for s, v in zip(mn["src"], mn["value"])]
    nxerr = [abs(v - sc[s]) / sc[s] for s, v in zip(mn["src"], mn["value"])]
    res["subgraphCentrality"] = {"count": len(nerr), "maxRelErrorVsTaylor": max(nerr),
                                 "maxRelErrorVsNetworkx": max(nxerr)}
    mt = table(os.path.join(out, "total-communicability"))
    terr = [abs(v - tv[index[s], 0]) / tv[index[s], 0] for s, v in zip(mt["node"], mt["totalCommunicability"])]
    res["totalVector"] = {"count": len(terr), "maxRelErrorVsTaylor": max(terr)}
    summ = json.load(open(os.path.join(out, "summary.json")))
    est = summ["estrada"]
    res["estrada"] = {"networkx": estrada, "eigvalsh": math.fsum(np.exp(w)), "matfun": est["value"],
                      "lower95": est["lower95"], "upper95": est["upper95"],
                      "inside": est["lower95"] <= estrada <= est["upper95"],
                      "relativeError": abs(est["value"] - estrada) / estrada,
                      "relativeStandardError": est["standardError"] / est["value"]}
    res["total"] = {"matfun": summ["total"]["value"], "taylor": math.fsum(tv[:, 0]),
                    "relError": abs(summ["total"]["value"] - math.fsum(tv[:, 0])) / math.fsum(tv[:, 0])}
    res["matfunWallSeconds"] = summ["wallSeconds"]
    print(json.dumps(res, indent=1))


if __name__ == "__main__":
    main()
