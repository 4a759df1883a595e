#!/usr/bin/env python3
"""Seeded random node pairs / nodes of a graph (ids as in the file) for the communicability runs.

usage: make_lists.py GRAPH FORMAT PAIRS NODES SEED OUT_PREFIX
Writes OUT_PREFIX.pairs (p q lines, p != q) and OUT_PREFIX.nodes (one id per line).
"""
import gzip
import random
import sys

import networkx as nx


def node_ids(path, fmt):
    if fmt == "gml":
        return sorted(nx.read_gml(path, label="id").nodes())
    if fmt == "mtx":
        with gzip.open(path, "rt") if path.endswith(".gz") else open(path) as f:
            for line in f:
                if not line.startswith("%"):
                    return list(range(1, int(line.split()[0]) + 1))
    ids = set()
    with gzip.open(path, "rt") if path.endswith(".gz") else open(path) as f:
        for line in f:
            t = line.split()
            if t and not t[0].startswith("#"):
                ids.add(int(t[0]))
                ids.add(int(t[1]))
    return sorted(ids)


def main():
    path, fmt, npairs, nnodes, seed, prefix = sys.argv[1:7]
    ids = node_ids(path, fmt)
    rnd = random.Random(int(seed))
    with open(prefix + ".pairs", "w") as f:
        for _ in range(int(npairs)):
            p, q = rnd.sample(ids, 2)
            f.write("%d %d\n" % (p, q))
    with open(prefix + ".nodes", "w") as f:
        for p in rnd.sample(ids, int(nnodes)):
            f.write("%d\n" % p)


if __name__ == "__main__":
    main()
