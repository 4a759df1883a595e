package org.matfun.spark.lanczos;

import org.apache.spark.api.java.JavaRDD;
import org.matfun.core.bilinear.QuadratureRun;
import org.matfun.core.hermitian.Complex;
import org.matfun.core.hermitian.HermitianCsrMatrix;
import org.matfun.core.hermitian.HermitianEntryGradient;
import org.matfun.core.hermitian.HermitianRun;
import org.matfun.spark.matrix.DistributedCsr;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The edge gradient of a complex F = sum_r c_r z_r^H f(A) z_r (A Hermitian of order n) from a Lanczos run on its
 * interleaved real embedding M ({@link org.matfun.spark.matrix.HermitianEmbedding}) in the block-row plan: the
 * same numbers as core's {@code HermitianGradient.accumulatePattern} + {@code entryDerivatives} in the runs mode,
 * computed with the real {@link DistributedGradient} on the basis kept in the block states.
 *
 * <p>IMPLEMENTATION NOTES (derivation; symbols of {@code HermitianGradient}). Run r has the complex symmetric
 * (not Hermitian) H_r = S (Gamma o b b^T) S^T = hRe_r + i hIm_r, k_r x k_r, and G_pq = sum_r c_r sum_ij
 * (H_r)_ij conj(Q_pi) Q_qj. Since c_r is complex, fold it into H: c_r H_r = P_r + i R_r with the real symmetric
 * <pre>
 *   P_r = Re c_r hRe_r - Im c_r hIm_r,      R_r = Im c_r hRe_r + Re c_r hIm_r.
 * </pre>
 * For a real symmetric h and the embedded basis (Q_pi = x_{2p,i} + i x_{2p+1,i}), write
 * g(P, Q) = sum_ij h_ij x_{P,i} x_{Q,j}, which is what {@link DistributedGradient} evaluates on M's stored
 * entries (symmetric in P, Q since h is). Then sum_ij h_ij conj(Q_pi) Q_qj
 * = [g(2p, 2q) + g(2p+1, 2q+1)] + i [g(2p, 2q+1) - g(2p+1, 2q)], and with the formulas of
 * {@code HermitianGradient} (dF/dRe(A_pq) = G_pq + G_qp, dF/dIm(A_pq) = i (G_pq - G_qp), dF/dA_pp = G_pp), using
 * g(P, Q) = g(Q, P), for p < q
 * <pre>
 *   dF/dRe(A_pq) = sum_r [ d_P(2p,2q) + d_P(2p+1,2q+1) ] + i [ d_R(2p,2q) + d_R(2p+1,2q+1) ]
 *   dF/dIm(A_pq) = sum_r [ d_P(2p+1,2q) - d_P(2p,2q+1) ] + i [ d_R(2p+1,2q) - d_R(2p,2q+1) ]
 * </pre>
 * with d(P, Q) = 2 g(P, Q), the real code's symmetric-entry derivative dF/dM_PQ for P < Q; on the diagonal
 * dF/dA_pp = [d_P(2p,2p) + d_P(2p+1,2p+1)] + i [same with R], d(P, P) = g(P, P). This is the chain rule through
 * the embedding: Re A_pq sits at M[2p,2q] and M[2p+1,2q+1] (and mirrors), Im A_pq at M[2p+1,2q] (+) and
 * M[2p,2q+1] (-). Both P and R go through one {@link DistributedGradient#edgesPerValue} pass (two "values"):
 * one halo exchange of the basis.
 *
 * <p>Cost: one halo exchange of 8 (sum_r m_r) bytes per halo row of M (m_r the effective dimension of run r, at
 * most k_r), O(2 (2n m^2 + nnz(M) m)) flops on the executors; the entries are combined inside their block (rows
 * 2p and 2p + 1 are in one block), then collected: 4 doubles per stored entry p <= q reach the driver, which
 * holds A anyway in the complex path.
 */
public final class EmbeddedEntryGradient {

    private EmbeddedEntryGradient() {
    }

    /**
     * @param embedding M's row blocks (even boundaries)
     * @param lanczos   the finished recurrence on M, started with keepBasis; column r of its block is run r
     * @param runs      the estimator's runs with hRe, hIm (null for a run without steps)
     * @param a         A of order n (its pattern gives the output order)
     * @param logScale  the scale of H (the result's)
     * @return dF/dRe(A_pq), dF/dIm(A_pq) for every stored p <= q in CSR order, as core's entryDerivatives
     * @throws IllegalArgumentException if the runs do not match the block width
     */
    public static HermitianEntryGradient compute(DistributedCsr embedding, DistributedLanczos lanczos,
                                                 List<HermitianRun> runs, HermitianCsrMatrix a, double logScale) {
        return computeAll(embedding, lanczos, List.of(runs), a, new double[] {logScale}).get(0);
    }

    /**
     * The edge gradients of V values of a parameter list (issue 14) from the same finished recurrence, through one
     * {@link DistributedGradient#edgesPerValue} pass over the kept basis for all of them (2V real "values": P and R
     * of each), not one pass per value.
     *
     * @param embedding M's row blocks (even boundaries)
     * @param lanczos   the finished recurrence on M, started with keepBasis, run at least as long as the longest
     *                  value
     * @param runs      per value, the estimator's runs with hRe, hIm of that value's own T_k
     * @param a         A of order n
     * @param logScales per value, the scale of its H
     * @return per value, in order, as {@link #compute}
     * @throws IllegalArgumentException if a value's runs do not match the block width, or the lengths differ
     */
    public static List<HermitianEntryGradient> computeAll(DistributedCsr embedding, DistributedLanczos lanczos,
                                                          List<List<HermitianRun>> runs, HermitianCsrMatrix a,
                                                          double[] logScales) {
        int bs = lanczos.blockSize();
        int nv = runs.size();
        if (logScales.length != nv) {
            throw new IllegalArgumentException("expected " + nv + " scales, got " + logScales.length);
        }
        List<List<QuadratureRun>> parts = new ArrayList<>(2 * nv);
        for (List<HermitianRun> value : runs) {
            if (value.size() != bs) {
                throw new IllegalArgumentException("expected " + bs + " runs, got " + value.size());
            }
            List<QuadratureRun> pr = new ArrayList<>();
            List<QuadratureRun> rr = new ArrayList<>();
            for (HermitianRun run : value) {
                double[][] folded = fold(run);
                pr.add(new QuadratureRun(1.0, run.startNorm(), run.steps(), null, null, run.eigen(), folded[0]));
                rr.add(new QuadratureRun(1.0, run.startNorm(), run.steps(), null, null, run.eigen(), folded[1]));
            }
            parts.add(pr);
            parts.add(rr);
        }
        JavaRDD<EdgeGradients> g = DistributedGradient.edgesPerValue(embedding, lanczos, parts);
        List<double[]> entries = g.mapPartitions(it -> combine(it, nv).iterator()).collect();
        List<HermitianEntryGradient> out = new ArrayList<>(nv);
        for (int v = 0; v < nv; v++) {
            out.add(inCsrOrder(a, entries, v, logScales[v]));
        }
        return List.copyOf(out);
    }

    /** {P_r, R_r}: c_r H_r = P_r + i R_r (class notes); null parts for a run without H. */
    static double[][] fold(HermitianRun run) {
        if (run.hRe() == null) {
            return new double[][] {null, null};
        }
        double[] hr = run.hRe();
        double[] hi = run.hIm();
        Complex c = run.coefficient();
        double[] p = new double[hr.length];
        double[] r = new double[hr.length];
        for (int i = 0; i < hr.length; i++) {
            p[i] = c.re() * hr[i] - c.im() * hi[i];
            r[i] = c.im() * hr[i] + c.re() * hi[i];
        }
        return new double[][] {p, r};
    }

    /**
     * The entries of one block of M combined per A entry (p, q), p <= q: {p, q, dRe_re, dRe_im, dIm_re, dIm_im}.
     * The four embedded positions of an entry are summed in a fixed order (slots), so the result does not depend
     * on the order the entries arrive in.
     */
    private static List<double[]> combine(java.util.Iterator<EdgeGradients> it, int nv) {
        // slots per (p, q) and value v: [v][part P or R][position] with positions (0,0), (1,1), (1,0), (0,1) of
        // (P % 2, Q % 2), at 8 v + 4 part + position
        Map<Long, double[]> slots = new HashMap<>();
        List<Long> order = new ArrayList<>();
        while (it.hasNext()) {
            EdgeGradients e = it.next();
            long p = e.row() / 2;
            long q = e.col() / 2;
            int rp = (int) (e.row() % 2);
            int rq = (int) (e.col() % 2);
            if (p == q && rp != rq) {
                continue; // not stored (Im A_pp = 0 is not a parameter); never emitted by the embedding
            }
            long key = p << 32 | q;
            double[] s = slots.get(key);
            if (s == null) {
                s = new double[8 * nv];
                slots.put(key, s);
                order.add(key);
            }
            int slot = rp == rq ? rp : (rp == 1 ? 2 : 3);
            for (int v = 0; v < nv; v++) {
                s[8 * v + slot] = e.gradients()[2 * v];
                s[8 * v + 4 + slot] = e.gradients()[2 * v + 1];
            }
        }
        List<double[]> out = new ArrayList<>(order.size());
        for (long key : order) {
            double[] s = slots.get(key);
            double[] x = new double[2 + 4 * nv];
            x[0] = key >>> 32;
            x[1] = key & 0xffffffffL;
            for (int v = 0; v < nv; v++) {
                int o = 8 * v;
                x[2 + 4 * v] = s[o] + s[o + 1];
                x[3 + 4 * v] = s[o + 4] + s[o + 5];
                x[4 + 4 * v] = s[o + 2] - s[o + 3];
                x[5 + 4 * v] = s[o + 6] - s[o + 7];
            }
            out.add(x);
        }
        return out;
    }

    private static HermitianEntryGradient inCsrOrder(HermitianCsrMatrix a, List<double[]> entries, int v,
                                                     double logScale) {
        int n = a.dimension();
        int[] ptr = a.rowPointers();
        int[] col = a.columnIndices();
        int[] index = new int[col.length];
        int m = 0;
        for (int p = 0; p < n; p++) {
            for (int e = ptr[p]; e < ptr[p + 1]; e++) {
                index[e] = col[e] >= p ? m++ : -1;
            }
        }
        int[] rows = new int[m];
        int[] cols = new int[m];
        for (int p = 0; p < n; p++) {
            for (int e = ptr[p]; e < ptr[p + 1]; e++) {
                if (index[e] >= 0) {
                    rows[index[e]] = p;
                    cols[index[e]] = col[e];
                }
            }
        }
        double[] dre = new double[2 * m];
        double[] dim = new double[2 * m];
        for (double[] x : entries) {
            int p = (int) x[0];
            int q = (int) x[1];
            int e = a.position(p, q);
            if (e < 0 || index[e] < 0) {
                throw new IllegalStateException("the embedded gradient has entry (" + p + ", " + q
                        + "), which A does not store with p <= q");
            }
            int t = index[e];
            int o = 4 * v;
            dre[2 * t] = x[2 + o];
            dre[2 * t + 1] = x[3 + o];
            dim[2 * t] = p == q ? 0.0 : x[4 + o];
            dim[2 * t + 1] = p == q ? 0.0 : x[5 + o];
        }
        return new HermitianEntryGradient(rows, cols, dre, dim, logScale);
    }
}
