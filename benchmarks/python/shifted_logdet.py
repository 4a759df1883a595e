"""Exact log det(theta_1 A + theta_2 I) of a sparse SPD Matrix Market matrix by a sparse LU factorization
(SuperLU through scipy: symmetric mode, minimum-degree ordering on A + A^T, no pivoting, which is stable for
SPD matrices), as the reference for the trace job's shifted runs where a dense factorization does not fit.

    python3 benchmarks/python/shifted_logdet.py ../shared/data/suitesparse/Andrews.mtx.gz 1 0.1

Prints n, the fill (nonzeros of L + U), log det, the number of negative pivots (0 for an SPD matrix) and seconds.
"""
import gzip
import sys
import time

import numpy as np
import scipy.io
import scipy.sparse as sp
import scipy.sparse.linalg as sla

path, theta1, theta2 = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
t = time.time()
a = scipy.io.mmread(gzip.open(path) if path.endswith(".gz") else path).tocsc()
m = (theta1 * a + theta2 * sp.identity(a.shape[0], format="csc")).tocsc()
lu = sla.splu(m, permc_spec="MMD_AT_PLUS_A", diag_pivot_thresh=0.0, options=dict(SymmetricMode=True))
d = lu.U.diagonal()
print(f"n {a.shape[0]} nnz(L+U) {lu.L.nnz + lu.U.nnz} logdet {np.sum(np.log(np.abs(d))):.10f} "
      f"negative_pivots {int(np.sum(d < 0))} seconds {time.time() - t:.1f}")
