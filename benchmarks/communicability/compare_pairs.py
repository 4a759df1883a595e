#!/usr/bin/env python3
"""Pairs of a `matfun communicability` output against the cancellation-free Taylor reference only (fast; no
networkx); if the output has a total-communicability vector, also its entries against the Taylor vector and
against the reported per-node errorBound. usage: compare_pairs.py GRAPH FORMAT MATFUN_DIR PAIRS"""
import json
import os
import sys

import numpy as np
import pyarrow.parquet as pq

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "spark-job", "src", "test", "python"))
import communicability_reference as ref  # noqa: E402

graph, fmt, out, pairs_file = sys.argv[1:5]
ids, a, g = ref.read_graph(graph, fmt, "ignore")
index = {v: i for i, v in enumerate(ids)}
pairs = ref.read_list(pairs_file, 2)
cols = sorted({index[q] for _, q in pairs})
x = np.zeros((a.shape[0], len(cols)))
for j, c in enumerate(cols):
    x[c, j] = 1.0
ex, _ = ref.taylor_expm_columns(a, 1.0, x)
where = {c: j for j, c in enumerate(cols)}
t = pq.read_table(os.path.join(out, "pairs")).to_pydict()
errs = []
vals = []
by_method = {}
methods = t.get("method", ["?"] * len(t["value"]))
for s, d, v, m in zip(t["src"], t["dst"], t["value"], methods):
    r = ex[index[s], where[index[d]]]
    vals.append(r)
    e = (0.0 if v == 0.0 else float("inf")) if r == 0.0 else abs(v - r) / r  # r = 0: different components
    errs.append(e)
    by_method.setdefault(m, []).append(e)
summ = json.load(open(os.path.join(out, "summary.json")))
total = None
if os.path.exists(os.path.join(out, "total-communicability")):
    tv, _ = ref.taylor_expm_columns(a, 1.0, np.ones((a.shape[0], 1)))
    tt = pq.read_table(os.path.join(out, "total-communicability")).to_pydict()
    abs_err = [abs(v - tv[index[node], 0]) for node, v in zip(tt["node"], tt["totalCommunicability"])]
    rel_err = [e / tv[index[node], 0] for e, node in zip(abs_err, tt["node"])]
    bound = tt["errorBound"][0]
    total = {"nodes": len(abs_err), "maxAbsError": max(abs_err), "errorBound": bound,
             "entriesWithinBound": sum(1 for e in abs_err if e <= bound),
             "maxRelError": max(rel_err),
             "within1e-10": sum(1 for e in rel_err if e <= 1e-10),
             "relativeErrorBoundBelow1e-10": sum(1 for r in tt["relativeErrorBound"] if r <= 1e-10),
             "maxRelErrorWhereRelativeBoundBelow1e-10": max(
                 [e for e, r in zip(rel_err, tt["relativeErrorBound"]) if r <= 1e-10], default=None)}
print(json.dumps({"totalVector": total, "graph": os.path.basename(graph), "pairs": len(errs), "maxRelErrorVsTaylor": max(errs),
                  "within1e-10": sum(1 for e in errs if e <= 1e-10), "smallestValue": min(vals), "exactZeros": sum(1 for x in vals if x == 0.0),
                  "byMethod": {m: {"pairs": len(e), "maxRelError": max(e)} for m, e in by_method.items()},
                  "largestValue": max(vals), "matfunWallSeconds": summ["wallSeconds"],
                  "steps": [p.get("steps", p.get("taylorTerms")) for p in summ["passes"]]}, indent=1))
