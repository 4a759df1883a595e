package org.matfun.core.gradient;

import dev.ludovic.netlib.blas.BLAS;
import org.matfun.core.function.ScaledFunction;
import org.matfun.core.operator.CsrMatrix;
import org.matfun.core.operator.SparseKernels;
import org.matfun.core.operator.SymmetricOperator;
import org.matfun.core.quadrature.TridiagonalEigen;

import java.util.List;

/**
 * The forward-only gradient of a quadratic form Q(v) = v^T f(A) v (DESIGN 2.3): differentiate only through
 * T_k = Q_k^T A Q_k with Q_k frozen; no backpropagation through the recurrence, no extra matvecs with A.
 *
 * <p>IMPLEMENTATION NOTES (symbols of DESIGN 2.3): Gamma_jl = f[lambda_j, lambda_l] (first divided difference,
 * f'(lambda_j) on the diagonal); b = ||v|| S^T e_1; M = Gamma o (b b^T); H = S M S^T (k x k); the matrix
 * gradient is G = Q_k H Q_k^T, so dQ/dA_pq = G_pq. A bilinear form u^T f(A) v is handled by polarization,
 * (Q(u + v) - Q(u - v)) / 4, i.e. a weighted sum of quadratic forms, each with its own basis and H.
 * Parameter derivatives: symmetric edge weight w_pq (p != q): G_pq + G_qp; self-loop: G_pp; affine
 * A = A_0 + sum_i theta_i A_i: g_i = sum over nonzeros of A_i of (A_i)_pq G_pq = sum_p (Q H)[p, :] . (A_i Q)[p, :].
 * Accuracy: exact at k = n or an invariant subspace, and for polynomials of degree <= k; error linear in the
 * Lanczos residual.
 */
public final class ForwardOnlyGradient {

    private static final double EPS = Math.ulp(1.0);

    private ForwardOnlyGradient() {
    }

    /**
     * H = S (Gamma o b b^T) S^T in the scale of f. Cost O(k^3) on the driver (two k x k BLAS products).
     *
     * @param eigen     T_k = S diag(lambda) S^T
     * @param startNorm ||v||
     * @param f         the function in the scale used for the value
     * @return H, k x k row-major (symmetric)
     */
    public static double[] hMatrix(TridiagonalEigen eigen, double startNorm, ScaledFunction f) {
        int k = eigen.k();
        double[] m = mMatrix(eigen, startNorm, f);
        double[] s = eigen.vectors();
        double[] sm = new double[k * k];
        double[] h = new double[k * k];
        BLAS blas = BLAS.getInstance();
        blas.dgemm("N", "N", k, k, k, 1.0, s, k, m, k, 0.0, sm, k);
        blas.dgemm("N", "T", k, k, k, 1.0, sm, k, s, k, 0.0, h, k);
        for (int j = 0; j < k; j++) {
            for (int l = j + 1; l < k; l++) {
                double avg = 0.5 * (h[j * k + l] + h[l * k + j]);
                h[j * k + l] = avg;
                h[l * k + j] = avg;
            }
        }
        for (double x : h) {
            if (!Double.isFinite(x)) {
                throw new IllegalStateException("the gradient matrix H of T_" + k
                        + " is not finite: f' is unbounded at a Ritz value in [" + eigen.min() + ", "
                        + eigen.max() + "] (e.g. sqrt or a power p < 1 at a singular matrix)");
            }
        }
        return h;
    }

    /**
     * M = Gamma o (b b^T) with Gamma_jl = f[lambda_j, lambda_l] and b = ||v|| S^T e_1, in the scale of f.
     * Cost O(k^2) divided differences.
     *
     * @return M, k x k row-major (symmetric)
     */
    public static double[] mMatrix(TridiagonalEigen eigen, double startNorm, ScaledFunction f) {
        int k = eigen.k();
        double[] lambda = eigen.ritzValues();
        double[] b = new double[k];
        for (int j = 0; j < k; j++) {
            b[j] = startNorm * eigen.vector(0, j);
        }
        double[] m = new double[k * k];
        for (int j = 0; j < k; j++) {
            for (int l = j; l < k; l++) {
                double g = f.dividedDifference(lambda[j], lambda[l]) * b[j] * b[l];
                m[l * k + j] = g;
                m[j * k + l] = g;
            }
        }
        return m;
    }

    /**
     * The number m of leading Lanczos vectors that carry H: the smallest m <= k such that every entry H_ij with
     * max(i, j) >= m (0-based) is at most k eps max |H| in absolute value, eps = 2^-52.
     *
     * <p>What dropping them costs: H comes from a dense eigendecomposition of T_k (H = S M S^T), which is
     * accurate to about k eps max|H| per entry at best, so such entries are of the order of H's own rounding
     * error; every Lanczos vector has unit 2-norm, so |(Q_k)_pi| <= 1 and an entry G_pq = sum_ij H_ij (Q_k)_pi
     * (Q_k)_qj changes by at most the sum of the dropped |H_ij| (at most k^2 of them: k^3 eps max|H|), the same
     * order as the error those entries already carry (for an affine direction E, ||E||_2 times it). Measured:
     * 4e-15 to 3e-14 of max|G| on five problems, 1.7e-12 on G3_circuit, whose entries are ~1/n of max|H| and
     * whose recurrences differ by 2e-12 to 6e-12 anyway (docs/benchmarks-baselines.md).
     *
     * <p>When the recurrence has run past convergence (f(T_k) e_1 and the Frechet derivative have converged)
     * the trailing rows and columns of H are at that level, and the O(n k^2) pass {@code Q_k H} costs O(n m^2)
     * instead; when all k steps are needed, m = k. Measured m at k = 100 in docs/benchmarks-baselines.md.
     *
     * @param h H, k x k row-major
     * @param k order of H, >= 0
     * @return m in [0, k]; 0 only when H is zero
     */
    public static int effectiveDimension(double[] h, int k) {
        double max = 0.0;
        for (double x : h) {
            max = Math.max(max, Math.abs(x));
        }
        double threshold = k * EPS * max;
        int m = k;
        while (m > 0) {
            int i = m - 1; // row and column i up to the diagonal: the entries with max index exactly i
            boolean negligible = true;
            for (int j = 0; j <= i && negligible; j++) {
                negligible = Math.abs(h[i * k + j]) <= threshold && Math.abs(h[j * k + i]) <= threshold;
            }
            if (!negligible) {
                break;
            }
            m = i;
        }
        return m;
    }

    /**
     * The leading m x m block of a k x k row-major matrix.
     *
     * @return m x m row-major (h itself when m = k)
     */
    public static double[] leadingBlock(double[] h, int k, int m) {
        if (m == k) {
            return h;
        }
        double[] b = new double[m * m];
        for (int i = 0; i < m; i++) {
            System.arraycopy(h, i * k, b, i * m, m);
        }
        return b;
    }

    /**
     * Z = Q[:, 0..m) H_m with BLAS dgemm: the first m of the k basis vectors times an m x m matrix.
     *
     * @param q      rows x stride row-major (a basis block, k = stride vectors), stride >= m
     * @param rows   number of rows
     * @param stride row length of q
     * @param hm     m x m row-major, symmetric
     * @param m      number of leading vectors used
     * @return rows x m row-major
     */
    public static double[] timesLeading(double[] q, int rows, int stride, double[] hm, int m) {
        double[] z = new double[rows * m];
        if (rows > 0 && m > 0) {
            // row-major Q (rows x stride) is column-major Q^T (stride x rows): Z^T = H_m^T Q_m^T, H_m symmetric
            BLAS.getInstance().dgemm("N", "N", m, rows, m, 1.0, hm, m, q, stride, 0.0, z, m);
        }
        return z;
    }

    /**
     * Accumulates {@code coefficient * (Q H Q^T)_ij} into {@code out} for every stored nonzero (i, j) of A,
     * using only the {@link #effectiveDimension} leading basis vectors.
     *
     * @param a           the sparsity pattern (values unused), order n
     * @param basis       Q, n x k row-major
     * @param k           number of basis vectors
     * @param h           H, k x k row-major
     * @param coefficient weight of this quadratic form
     * @param out         one entry per stored nonzero of a, in CSR order
     */
    public static void accumulatePattern(CsrMatrix a, double[] basis, int k, double[] h, double coefficient,
                                         double[] out) {
        int n = a.dimension();
        int m = effectiveDimension(h, k);
        if (m == 0) { // H = 0: nothing to add
            return;
        }
        double[] z = timesLeading(basis, n, k, leadingBlock(h, k, m), m);
        SparseKernels.accumulatePatternGradient(a.rowPointers(), a.columnIndices(), n, z, m, basis, k, m,
                coefficient, out);
    }

    /**
     * Accumulates {@code coefficient * sum_p (Q H)[p, :] . (A_i Q)[p, :]} into {@code out[i]} for each
     * component A_i of an affine family, using only the {@link #effectiveDimension} m leading basis vectors.
     * Cost: O(n m^2) and one block apply of each A_i to m basis vectors.
     *
     * @param components  A_1..A_m, order n
     * @param basis       Q, n x k row-major (which is the n x k block layout of SymmetricOperator)
     * @param k           number of basis vectors
     * @param h           H, k x k row-major
     * @param coefficient weight of this quadratic form
     * @param out         length m
     */
    public static void accumulateAffine(List<SymmetricOperator> components, double[] basis, int k, double[] h,
                                        double coefficient, double[] out) {
        int n = components.get(0).dimension();
        int m = effectiveDimension(h, k);
        if (m == 0) { // H = 0: nothing to add
            return;
        }
        double[] z = timesLeading(basis, n, k, leadingBlock(h, k, m), m);
        double[] qm = basis;
        if (m < k) {
            qm = new double[n * m];
            for (int i = 0; i < n; i++) {
                System.arraycopy(basis, i * k, qm, i * m, m);
            }
        }
        double[] aq = new double[n * m];
        for (int i = 0; i < components.size(); i++) {
            components.get(i).apply(qm, aq, m);
            double s = 0.0;
            for (int e = 0; e < aq.length; e++) {
                s += z[e] * aq[e];
            }
            out[i] += coefficient * s;
        }
    }

    /**
     * Derivatives with respect to symmetric edge weights from the matrix gradient on the pattern: for a
     * stored (i, j), i != j, dF/dw_ij = G_ij + G_ji (both entries change together); for i == j, G_ii.
     *
     * @param a       the pattern
     * @param pattern G_ij per stored nonzero, CSR order
     * @return per stored nonzero (both triangles), the derivative with respect to the edge weight w_{ij}
     */
    public static double[] edgeDerivatives(CsrMatrix a, double[] pattern) {
        int n = a.dimension();
        int[] ptr = a.rowPointers();
        int[] col = a.columnIndices();
        // mirror positions in O(nnz): rows are visited in increasing order and columns are sorted, so row j's
        // entries (j, i) are met in the order i increases, which is their CSR order
        int[] next = java.util.Arrays.copyOf(ptr, n);
        double[] out = new double[pattern.length];
        for (int i = 0; i < n; i++) {
            for (int p = ptr[i]; p < ptr[i + 1]; p++) {
                int j = col[p];
                int mirror = next[j] < ptr[j + 1] && col[next[j]] == i ? next[j]++ : -1;
                if (mirror < 0) {
                    throw new IllegalStateException("pattern is not symmetric at (" + j + ", " + i + ")");
                }
                out[p] = i == j ? pattern[p] : pattern[p] + pattern[mirror];
            }
        }
        return out;
    }
}
