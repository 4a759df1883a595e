package org.matfun.core.hermitian;

import org.matfun.core.gradient.ForwardOnlyGradient;
import org.matfun.core.quadrature.TridiagonalEigen;

/**
 * The forward-only gradient of F = sum_r c_r z_r^H f(A) z_r for a complex Hermitian A (DESIGN 2.3, "Hermitian
 * A"): differentiate only through T_k = Q_k^H A Q_k with the complex basis Q_k frozen; no extra matvecs.
 *
 * <p>Derivation. For one run z (dropping r), Q(z) ~ ||z||^2 e_1^T f(T_k) e_1 with T_k = S diag(lambda) S^T real.
 * Perturb A by a Hermitian E; with Q_k frozen, T_k moves by the Hermitian (complex) k x k matrix X = Q_k^H E Q_k.
 * The Frechet derivative of f at the real symmetric T_k (Daleckii-Krein; Higham, <i>Functions of Matrices</i>,
 * Thm. 3.11, which holds for Hermitian directions) is L_f(T_k, X) = S (Gamma o (S^T X S)) S^T with
 * Gamma_jl = f[lambda_j, lambda_l] (complex for complex f). Hence, with b = ||z|| S^T e_1 (real),
 * <pre>
 *   dQ = ||z||^2 e_1^T L_f(T_k, X) e_1 = sum_jl M_jl (S^T X S)_jl,      M = Gamma o (b b^T)   (k x k, symmetric)
 *      = sum_ij H_ij X_ij,                                               H = S M S^T           (complex symmetric)
 *      = sum_ij H_ij sum_pq conj(Q_pi) E_pq Q_qj = sum_pq E_pq G_pq,     G_pq = sum_ij H_ij conj(Q_pi) Q_qj.
 * </pre>
 * H is the real code's {@link ForwardOnlyGradient#hMatrix} applied to Re f and to Im f (H is linear in f, and
 * (Re f)[a, b] = Re(f[a, b]) for real a, b). Summing the runs, G = sum_r c_r G^(r), and dF = sum_pq E_pq G_pq for
 * every Hermitian E. The real parameters of A are Re A_pq, Im A_pq (p < q) and A_pp:
 * <ul>
 *   <li>Re A_pq by delta: E_pq = delta, E_qp = conj(delta) = delta, so dF/dRe(A_pq) = G_pq + G_qp;</li>
 *   <li>Im A_pq by delta: E_pq = i delta, E_qp = conj(i delta) = -i delta, so dF/dIm(A_pq) = i (G_pq - G_qp);</li>
 *   <li>A_pp by delta (real only): E_pp = delta, so dF/dA_pp = G_pp.</li>
 * </ul>
 * All are complex numbers (F is complex). Checks: for real f and u = v (F real, H real), G_qp = conj(G_pq), so
 * dF/dRe = 2 Re G_pq and dF/dIm = -2 Im G_pq are real; for a real symmetric A and real vectors this is the real
 * code's G_pq + G_qp.
 *
 * <p>Cost per run: O(n m^2 + nnz m) flops with m <= k the {@link ForwardOnlyGradient#effectiveDimension} of H
 * (the larger of those of Re H and Im H), for Y = Q_m H_m (n x m) and G_pq = sum_i conj(Q_pi) Y_qi.
 * Accuracy: as in the real case, exact at an invariant subspace and for polynomials of degree <= k, error linear in
 * the Lanczos residual.
 */
public final class HermitianGradient {

    private HermitianGradient() {
    }

    /**
     * H = S (Gamma o b b^T) S^T for f = Re f + i Im f in the scale e^L, from the real code's
     * {@link ForwardOnlyGradient#hMatrix} on each part. O(k^3).
     *
     * @param eigen     T_k = S diag(lambda) S^T
     * @param startNorm ||z||
     * @param f         the function
     * @param logScale  L
     * @return {Re H, Im H}, each k x k row-major, symmetric
     * @throws IllegalStateException if H is not finite
     */
    public static double[][] hMatrix(TridiagonalEigen eigen, double startNorm, ComplexFunction f, double logScale) {
        double[] hr = ForwardOnlyGradient.hMatrix(eigen, startNorm, f.realPart(logScale));
        double[] hi = f.isReal() ? new double[hr.length]
                : ForwardOnlyGradient.hMatrix(eigen, startNorm, f.imaginaryPart(logScale));
        return new double[][]{hr, hi};
    }

    /**
     * Accumulates c G_pq = c sum_ij H_ij conj(Q_pi) Q_qj into {@code out} for every stored entry (p, q) of A.
     *
     * @param a           the pattern (values unused), order n
     * @param basis       Q, n x k complex row-major interleaved ({@link HermitianLanczos#basis})
     * @param k           number of basis vectors
     * @param hRe         Re H, k x k row-major
     * @param hIm         Im H, k x k row-major
     * @param coefficient c of this run
     * @param out         2 nnz doubles, G of each stored entry interleaved (re at 2 p, im at 2 p + 1), CSR order
     */
    public static void accumulatePattern(HermitianCsrMatrix a, double[] basis, int k, double[] hRe, double[] hIm,
                                         Complex coefficient, double[] out) {
        accumulatePattern(a, basis, k, k, hRe, hIm, coefficient, out);
    }

    /**
     * As {@link #accumulatePattern(HermitianCsrMatrix, double[], int, double[], double[], Complex, double[])} with
     * the leading k of {@code stride} basis vectors (n x stride row-major interleaved, stride >= k): one extracted
     * basis serves every value of a parameter sweep, each with its own k; the arithmetic is that of the
     * k-column basis, so the result is the same bit for bit.
     */
    static void accumulatePattern(HermitianCsrMatrix a, double[] basis, int stride, int k, double[] hRe,
                                  double[] hIm, Complex coefficient, double[] out) {
        int n = a.dimension();
        int m = Math.max(ForwardOnlyGradient.effectiveDimension(hRe, k),
                ForwardOnlyGradient.effectiveDimension(hIm, k));
        if (m == 0) {
            return;
        }
        // Y = Q_m H_m (n x m complex), Y_qi = sum_j Q_qj H_ji
        double[] y = new double[2 * n * m];
        for (int q = 0; q < n; q++) {
            int oq = 2 * q * stride;
            int oy = 2 * q * m;
            for (int j = 0; j < m; j++) {
                double xr = basis[oq + 2 * j];
                double xi = basis[oq + 2 * j + 1];
                if (xr == 0.0 && xi == 0.0) {
                    continue;
                }
                int oh = j * k;
                for (int i = 0; i < m; i++) {
                    double hr = hRe[oh + i];
                    double hi = hIm[oh + i];
                    y[oy + 2 * i] += xr * hr - xi * hi;
                    y[oy + 2 * i + 1] += xr * hi + xi * hr;
                }
            }
        }
        int[] ptr = a.ptr();
        int[] col = a.cols();
        double cr = coefficient.re();
        double ci = coefficient.im();
        for (int p = 0; p < n; p++) {
            int op = 2 * p * stride;
            for (int e = ptr[p]; e < ptr[p + 1]; e++) {
                int oy = 2 * col[e] * m;
                double sr = 0.0;
                double si = 0.0;
                for (int i = 0; i < m; i++) {
                    double qr = basis[op + 2 * i];
                    double qi = -basis[op + 2 * i + 1]; // conj(Q_pi)
                    double yr = y[oy + 2 * i];
                    double yi = y[oy + 2 * i + 1];
                    sr += qr * yr - qi * yi;
                    si += qr * yi + qi * yr;
                }
                out[2 * e] += cr * sr - ci * si;
                out[2 * e + 1] += cr * si + ci * sr;
            }
        }
    }

    /**
     * The derivatives with respect to the real parameters of A from G on the pattern (class comment):
     * dF/dRe(A_pq) = G_pq + G_qp, dF/dIm(A_pq) = i (G_pq - G_qp) for stored p < q; dF/dA_pp = G_pp.
     *
     * @param a       the pattern
     * @param pattern G per stored entry, 2 nnz doubles interleaved, CSR order
     * @param logScale the scale the pattern is in
     * @return one entry per stored (p, q) with p <= q, in CSR order
     * @throws IllegalArgumentException if the pattern has the wrong length
     */
    public static HermitianEntryGradient entryDerivatives(HermitianCsrMatrix a, double[] pattern, double logScale) {
        if (pattern.length != 2 * a.nonzeros()) {
            throw new IllegalArgumentException("expected 2 nnz = " + 2 * a.nonzeros() + " doubles, got "
                    + pattern.length);
        }
        int n = a.dimension();
        int[] ptr = a.ptr();
        int[] col = a.cols();
        int m = 0;
        for (int p = 0; p < n; p++) {
            for (int e = ptr[p]; e < ptr[p + 1]; e++) {
                if (col[e] >= p) {
                    m++;
                }
            }
        }
        int[] rows = new int[m];
        int[] cols = new int[m];
        double[] dre = new double[2 * m];
        double[] dim = new double[2 * m];
        int t = 0;
        for (int p = 0; p < n; p++) {
            for (int e = ptr[p]; e < ptr[p + 1]; e++) {
                int q = col[e];
                if (q < p) {
                    continue;
                }
                rows[t] = p;
                cols[t] = q;
                double gr = pattern[2 * e];
                double gi = pattern[2 * e + 1];
                if (q == p) {
                    dre[2 * t] = gr;
                    dre[2 * t + 1] = gi;
                } else {
                    int mirror = a.position(q, p);
                    double hr = pattern[2 * mirror];
                    double hi = pattern[2 * mirror + 1];
                    dre[2 * t] = gr + hr;
                    dre[2 * t + 1] = gi + hi;
                    // i (G_pq - G_qp) = i (dr + i di) = -di + i dr
                    dim[2 * t] = -(gi - hi);
                    dim[2 * t + 1] = gr - hr;
                }
                t++;
            }
        }
        return new HermitianEntryGradient(rows, cols, dre, dim, logScale);
    }
}
