#!/usr/bin/env python3
"""networkx 3.x on one graph: the dense communicability matrix (communicability_exp, scipy expm; all n^2
pairs at once), subgraph_centrality and estrada_index (eigh), with wall times. Run under /usr/bin/time -v for
the peak memory. usage: networkx_cost.py GRAPH FORMAT"""
import json
import sys
import time

import networkx as nx
import os

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "spark-job", "src", "test", "python"))
import communicability_reference as ref  # noqa: E402

ids, a, g = ref.read_graph(sys.argv[1], sys.argv[2], "ignore")
gb = nx.Graph()
gb.add_nodes_from(g.nodes())
gb.add_edges_from(g.edges())
out = {"n": gb.number_of_nodes(), "edges": gb.number_of_edges(), "networkx": nx.__version__}
t = time.time()
c = nx.communicability_exp(gb)
out["communicabilityExpSeconds"] = time.time() - t
del c
t = time.time()
nx.subgraph_centrality(gb)
out["subgraphCentralitySeconds"] = time.time() - t
t = time.time()
out["estrada"] = nx.estrada_index(gb)
out["estradaSeconds"] = time.time() - t
print(json.dumps(out))
