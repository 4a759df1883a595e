package org.matfun.core.hermitian;

import java.util.Arrays;

/**
 * The magnetic adjacency matrix H^(q) and the magnetic Laplacian L^(q) of a directed weighted graph: complex
 * Hermitian matrices that keep the edge directions in the phases.
 *
 * <p>Definitions (Y. Zhang, X. He, S. Brugnone, M. Perlmutter, M. Hirn, "MagNet: A Neural Network for Directed
 * Graphs", NeurIPS 2021, Sec. 3, the matrix H^(q) and L_U^(q); M. Fanuel, C. M. Alaiz, J. A. K. Suykens,
 * "Magnetic eigenmaps for community detection in directed networks", Phys. Rev. E 95, 022302, 2017): for nodes
 * p, q in [0, n) with directed weights w_pq (the sum of the weights of all records p -> q),
 * <pre>
 *   w_s(p, q)  = (w_pq + w_qp) / 2                       symmetrized weight
 *   theta_pq   = 2 pi charge (a_pq - a_qp),   a_pq = 1 if some record p -> q exists, else 0
 *   H_pq       = w_s(p, q) exp(i theta_pq)               Hermitian: theta_qp = -theta_pq
 *   D_s(p, p)  = sum_q w_s(p, q)                        (including the self-loop w_s(p, p) = w_pp)
 *   L          = D_s - H
 * </pre>
 * An edge listed in both directions has theta = 0; a one-way edge p -> q has H_pq = (w_pq / 2) e^{2 pi i charge}.
 * charge = 0 gives the symmetrized real graph (A + A^T) / 2 and its Laplacian. A self-loop p -> p gives the real
 * diagonal H_pp = w_pp, which cancels in L (L_pp = sum_{q != p} w_s(p, q)). Duplicate records p -> q are summed
 * (a multigraph's parallel edges add up). Every pair with a record in either direction is stored, even when its
 * symmetrized weight is 0. L is positive semidefinite for nonnegative weights (MagNet, Thm. 1).
 *
 * <p>Cost: O(m log m) for m records; the result has at most 2 m + n stored entries.
 */
public final class MagneticOperator {

    private MagneticOperator() {
    }

    /**
     * H^(q) of the directed graph.
     *
     * @param src    tail p of each record, in [0, n)
     * @param dst    head q of each record, in [0, n); same length as src
     * @param w      weight of each record, finite; same length
     * @param n      number of nodes, >= 1
     * @param charge q, finite (the phases are 2 pi q (a_pq - a_qp); q = 0.25 is MagNet's usual choice)
     * @return the n x n Hermitian magnetic adjacency matrix
     * @throws IllegalArgumentException if n < 1, the lengths differ, a node index is outside [0, n) or a weight or
     *                                  the charge is not finite (the record is named)
     */
    public static HermitianCsrMatrix adjacency(int[] src, int[] dst, double[] w, int n, double charge) {
        return build(src, dst, w, n, charge, false);
    }

    /**
     * L^(q) = D_s - H^(q) of the directed graph (the unnormalized magnetic Laplacian).
     *
     * @return the n x n Hermitian magnetic Laplacian; every diagonal entry is stored
     * @throws IllegalArgumentException as {@link #adjacency}
     */
    public static HermitianCsrMatrix laplacian(int[] src, int[] dst, double[] w, int n, double charge) {
        return build(src, dst, w, n, charge, true);
    }

    private static HermitianCsrMatrix build(int[] src, int[] dst, double[] w, int n, double charge,
                                            boolean laplacian) {
        if (n < 1) {
            throw new IllegalArgumentException("number of nodes n must be >= 1, got " + n);
        }
        if (src.length != dst.length || src.length != w.length) {
            throw new IllegalArgumentException("src, dst and w must have equal lengths, got " + src.length + ", "
                    + dst.length + ", " + w.length);
        }
        if (!Double.isFinite(charge)) {
            throw new IllegalArgumentException("charge q = " + charge + "; expected a finite number");
        }
        int m = src.length;
        for (int e = 0; e < m; e++) {
            if (src[e] < 0 || src[e] >= n || dst[e] < 0 || dst[e] >= n) {
                throw new IllegalArgumentException("edge record " + e + " (" + src[e] + " -> " + dst[e]
                        + ") has a node outside [0, " + n + ")");
            }
            if (!Double.isFinite(w[e])) {
                throw new IllegalArgumentException("edge record " + e + " (" + src[e] + " -> " + dst[e]
                        + ") has weight " + w[e] + "; expected a finite number");
            }
        }
        // directed records keyed by (p, q); sorted so that duplicates are adjacent
        long[] keys = new long[m];
        for (int e = 0; e < m; e++) {
            keys[e] = (long) src[e] * n + dst[e];
        }
        long[] order = sortedIndex(src, dst, n);
        long[] pairs = new long[m];
        double[] weights = new double[m];
        int d = 0;
        for (int t = 0; t < m; t++) {
            int e = (int) order[t];
            if (d > 0 && pairs[d - 1] == keys[e]) {
                weights[d - 1] += w[e];
            } else {
                pairs[d] = keys[e];
                weights[d++] = w[e];
            }
        }
        pairs = Arrays.copyOf(pairs, d);
        // lower triangle of H (row > col), plus the diagonal
        int[] rows = new int[d + n];
        int[] cols = new int[d + n];
        double[] re = new double[d + n];
        double[] im = new double[d + n];
        double[] degree = new double[n];
        int out = 0;
        double twoPiQ = 2.0 * Math.PI * charge;
        for (int t = 0; t < d; t++) {
            int p = (int) (pairs[t] / n);
            int q = (int) (pairs[t] % n);
            double wpq = weights[t];
            if (p == q) {
                // D_s(p, p) counts the loop and L_pp = D_s(p, p) - H_pp removes it again: L leaves it out
                if (!laplacian) {
                    rows[out] = p;
                    cols[out] = p;
                    re[out++] = wpq;
                }
                continue;
            }
            int back = Arrays.binarySearch(pairs, (long) q * n + p);
            if (back >= 0 && q < p) {
                continue; // the pair was handled from (q, p)
            }
            double wqp = back >= 0 ? weights[back] : 0.0;
            double ws = 0.5 * (wpq + wqp);
            degree[p] += ws;
            degree[q] += ws;
            // a_pq = 1 here; a_qp = 1 iff the reverse record exists
            double theta = back >= 0 ? 0.0 : twoPiQ;
            double hr = ws * Math.cos(theta);
            double hi = theta == 0.0 ? 0.0 : ws * Math.sin(theta);
            // store the lower-triangle entry (max, min): H_{qp} = conj(H_pq)
            double sign = p > q ? 1.0 : -1.0;
            rows[out] = Math.max(p, q);
            cols[out] = Math.min(p, q);
            double scale = laplacian ? -1.0 : 1.0;
            re[out] = scale * hr;
            im[out++] = 0.0 + scale * sign * hi; // + 0.0: a zero phase gives +0.0, never -0.0
        }
        if (laplacian) {
            for (int p = 0; p < n; p++) {
                rows[out] = p;
                cols[out] = p;
                re[out++] = degree[p];
            }
        }
        return HermitianCsrMatrix.fromLowerTriangle(n, Arrays.copyOf(rows, out), Arrays.copyOf(cols, out),
                Arrays.copyOf(re, out), Arrays.copyOf(im, out));
    }

    /**
     * Record indices sorted by key = src n + dst: a counting sort by src, then each source's records by dst
     * (primitive sort of (dst << 32 | record)). Ties keep the record order.
     */
    private static long[] sortedIndex(int[] src, int[] dst, int n) {
        int m = src.length;
        int[] start = new int[n + 1];
        for (int e = 0; e < m; e++) {
            start[src[e] + 1]++;
        }
        for (int i = 0; i < n; i++) {
            start[i + 1] += start[i];
        }
        int[] fill = Arrays.copyOf(start, n);
        long[] out = new long[m];
        for (int e = 0; e < m; e++) {
            out[fill[src[e]]++] = ((long) dst[e] << 32) | e;
        }
        for (int i = 0; i < n; i++) {
            Arrays.sort(out, start[i], start[i + 1]);
        }
        for (int t = 0; t < m; t++) {
            out[t] &= 0xffffffffL;
        }
        return out;
    }
}
