package org.matfun.core.hermitian;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.lapack.LAPACK;
import org.netlib.util.intW;

import java.util.Random;

/**
 * Exact references for complex Hermitian A = X + i Y (test scope), through the real symmetric embedding
 * R = [[X, -Y], [Y, X]] of order 2n, diagonalized by LAPACK dsyev: R = V diag(lambda) V^T. Every eigenvalue of A
 * appears twice in R, and for a complex f = g + i h (g, h real on the real line) and u = a + i b, v = c + i d:
 * <pre>
 *   u^H f(A) v = C(u~, v~) + i C(u~', v~),   C(x, y) = sum_j (V^T x)_j f(lambda_j) (V^T y)_j,
 *   u~ = [a; b], u~' = [-b; a] (the embedding of i u), v~ = [c; d],
 * </pre>
 * since the embedding is a real-linear *-homomorphism (g(A) = P + i Q iff g(R) = [[P, -Q], [Q, P]]) and
 * Re(u^H w) = u~^T w~, Im(u^H w) = u~'^T w~. Gradient (Daleckii-Krein on R, Higham, Functions of Matrices, Thm.
 * 3.11): dF = sum_ab Phi_ab K_ab with K = V (Gamma o xi eta^T) V^T, xi = V^T u~ + i V^T u~', eta = V^T v~, and
 * Phi = [[Re E, -Im E], [Im E, Re E]] the embedding of the Hermitian direction E. Gamma_jl = f[lambda_j, lambda_l]
 * is computed here independently of the code under test: (f(a) - f(b)) / (a - b) where |c (a - b)| >= 1, else the
 * integral int_0^1 f'(b + s (a - b)) ds by 24-point Gauss-Legendre (error below 1e-30 for |c (a - b)| < 1).
 */
final class DenseHermitian {

    final int n;
    /** eigenvalues of R, length 2n (each eigenvalue of A twice). */
    final double[] lambda;
    /** V, column-major 2n x 2n. */
    final double[] v;

    private DenseHermitian(int n, double[] lambda, double[] v) {
        this.n = n;
        this.lambda = lambda;
        this.v = v;
    }

    /** The embedding R of a (row-major 2n x 2n). */
    static double[] embedding(HermitianCsrMatrix a) {
        int n = a.dimension();
        int m = 2 * n;
        double[] r = new double[m * m];
        int[] ptr = a.rowPointers();
        int[] col = a.columnIndices();
        double[] re = a.realParts();
        double[] im = a.imaginaryParts();
        for (int i = 0; i < n; i++) {
            for (int p = ptr[i]; p < ptr[i + 1]; p++) {
                int j = col[p];
                r[i * m + j] += re[p];
                r[(n + i) * m + n + j] += re[p];
                r[i * m + n + j] -= im[p];
                r[(n + i) * m + j] += im[p];
            }
        }
        return r;
    }

    static DenseHermitian of(HermitianCsrMatrix a) {
        return ofEmbedding(embedding(a), a.dimension());
    }

    static DenseHermitian ofEmbedding(double[] r, int n) {
        int m = 2 * n;
        double[] z = r.clone();
        double[] w = new double[m];
        double[] work = new double[Math.max(1, 66 * m)];
        intW info = new intW(0);
        LAPACK.getInstance().dsyev("V", "U", m, z, m, w, work, work.length, info);
        if (info.val != 0) {
            throw new IllegalStateException("dsyev info " + info.val);
        }
        return new DenseHermitian(n, w, z);
    }

    /** A scalar function given by its values on the real line (complex). */
    interface Fn {
        /** f(x) as {re, im}. */
        double[] at(double x);
    }

    /** e^{c x}, evaluated with Math.exp / cos / sin. */
    static Fn exp(double cr, double ci) {
        return x -> {
            double m = Math.exp(cr * x);
            return new double[]{m * Math.cos(ci * x), m * Math.sin(ci * x)};
        };
    }

    /** x e^{c x}. */
    static Fn xExp(double cr, double ci) {
        return x -> {
            double m = x * Math.exp(cr * x);
            return new double[]{m * Math.cos(ci * x), m * Math.sin(ci * x)};
        };
    }

    /** V^T x for x of length 2n. */
    double[] project(double[] x) {
        int m = 2 * n;
        double[] c = new double[m];
        for (int j = 0; j < m; j++) {
            double s = 0;
            for (int i = 0; i < m; i++) {
                s += v[j * m + i] * x[i];
            }
            c[j] = s;
        }
        return c;
    }

    /** u~ = [a; b] of an interleaved complex u. */
    static double[] tilde(double[] u) {
        int n = u.length / 2;
        double[] t = new double[2 * n];
        for (int i = 0; i < n; i++) {
            t[i] = u[2 * i];
            t[n + i] = u[2 * i + 1];
        }
        return t;
    }

    /** u~' = [-b; a]. */
    static double[] tildeI(double[] u) {
        int n = u.length / 2;
        double[] t = new double[2 * n];
        for (int i = 0; i < n; i++) {
            t[i] = -u[2 * i + 1];
            t[n + i] = u[2 * i];
        }
        return t;
    }

    /** u^H f(A) v as {re, im}. */
    double[] bilinear(Fn f, double[] u, double[] vv) {
        double[] x = project(tilde(u));
        double[] xp = project(tildeI(u));
        double[] y = project(tilde(vv));
        double r0 = 0;
        double i0 = 0;
        double r1 = 0;
        double i1 = 0;
        for (int j = 0; j < 2 * n; j++) {
            double[] fj = f.at(lambda[j]);
            r0 += x[j] * fj[0] * y[j];
            i0 += x[j] * fj[1] * y[j];
            r1 += xp[j] * fj[0] * y[j];
            i1 += xp[j] * fj[1] * y[j];
        }
        // C(u~, v~) + i C(u~', v~)
        return new double[]{r0 - i1, i0 + r1};
    }

    /** The 24-point Gauss-Legendre rule on [0, 1]: {nodes, weights}. */
    static final double[][] GL = gaussLegendre(24);

    private static double[][] gaussLegendre(int m) {
        double[] x = new double[m];
        double[] w = new double[m];
        for (int i = 0; i < m; i++) {
            double z = Math.cos(Math.PI * (i + 0.75) / (m + 0.5));
            double dp = 0;
            for (int it = 0; it < 100; it++) {
                double p0 = 1;
                double p1 = z;
                for (int k = 2; k <= m; k++) {
                    double p2 = ((2 * k - 1) * z * p1 - (k - 1) * p0) / k;
                    p0 = p1;
                    p1 = p2;
                }
                dp = m * (z * p1 - p0) / (z * z - 1);
                double dz = p1 / dp;
                z -= dz;
                if (Math.abs(dz) < 1e-16) {
                    break;
                }
            }
            x[i] = 0.5 * (1 - z);
            w[i] = 1.0 / ((1 - z * z) * dp * dp);
        }
        return new double[][]{x, w};
    }

    /** f[a, b] for f = e^{c x}, independently of the code under test (class comment). */
    static double[] dividedDifference(double cr, double ci, double a, double b) {
        double d = a - b;
        if (Math.hypot(cr * d, ci * d) >= 1.0) {
            double ma = Math.exp(cr * a);
            double mb = Math.exp(cr * b);
            return new double[]{(ma * Math.cos(ci * a) - mb * Math.cos(ci * b)) / d,
                (ma * Math.sin(ci * a) - mb * Math.sin(ci * b)) / d};
        }
        double sr = 0;
        double si = 0;
        for (int g = 0; g < GL[0].length; g++) {
            double x = b + GL[0][g] * d;
            double m = Math.exp(cr * x) * GL[1][g];
            double er = m * Math.cos(ci * x);
            double ei = m * Math.sin(ci * x);
            sr += cr * er - ci * ei;
            si += cr * ei + ci * er;
        }
        return new double[]{sr, si};
    }

    /**
     * The exact gradient of u^H e^{cA} v with respect to the real parameters of a's stored entries p <= q, in the
     * order of {@link HermitianGradient#entryDerivatives}: {dRe (2m interleaved), dIm (2m interleaved)}.
     */
    double[][] entryGradient(HermitianCsrMatrix a, double cr, double ci, double[] u, double[] vv) {
        int m = 2 * n;
        double[] x = project(tilde(u));
        double[] xp = project(tildeI(u));
        double[] y = project(tilde(vv));
        // N = Gamma o xi eta^T, xi = x + i xp; column-major m x m, real and imaginary parts
        double[] nr = new double[m * m];
        double[] ni = new double[m * m];
        for (int j = 0; j < m; j++) {
            for (int l = 0; l < m; l++) {
                double[] g = dividedDifference(cr, ci, lambda[j], lambda[l]);
                double pr = x[j] * y[l];
                double pi = xp[j] * y[l];
                nr[l * m + j] = g[0] * pr - g[1] * pi;
                ni[l * m + j] = g[0] * pi + g[1] * pr;
            }
        }
        // Z = V N (column-major), then K_ab = sum_l Z_al V_bl only where needed
        BLAS blas = BLAS.getInstance();
        double[] zr = new double[m * m];
        double[] zi = new double[m * m];
        blas.dgemm("N", "N", m, m, m, 1.0, v, m, nr, m, 0.0, zr, m);
        blas.dgemm("N", "N", m, m, m, 1.0, v, m, ni, m, 0.0, zi, m);
        int[] ptr = a.rowPointers();
        int[] col = a.columnIndices();
        int cnt = 0;
        for (int p = 0; p < n; p++) {
            for (int e = ptr[p]; e < ptr[p + 1]; e++) {
                if (col[e] >= p) {
                    cnt++;
                }
            }
        }
        double[] dre = new double[2 * cnt];
        double[] dim = new double[2 * cnt];
        int t = 0;
        for (int p = 0; p < n; p++) {
            for (int e = ptr[p]; e < ptr[p + 1]; e++) {
                int q = col[e];
                if (q < p) {
                    continue;
                }
                double[] s;
                double[] s2;
                if (q == p) {
                    s = add(k(zr, zi, p, p), k(zr, zi, n + p, n + p));
                    s2 = new double[2];
                } else {
                    s = add(add(k(zr, zi, p, q), k(zr, zi, q, p)), add(k(zr, zi, n + p, n + q), k(zr, zi, n + q, n + p)));
                    s2 = add(sub(k(zr, zi, n + p, q), k(zr, zi, n + q, p)), sub(k(zr, zi, q, n + p), k(zr, zi, p, n + q)));
                }
                dre[2 * t] = s[0];
                dre[2 * t + 1] = s[1];
                dim[2 * t] = s2[0];
                dim[2 * t + 1] = s2[1];
                t++;
            }
        }
        return new double[][]{dre, dim};
    }

    /** K_ab = sum_l Z_al V_bl. */
    private double[] k(double[] zr, double[] zi, int a, int b) {
        int m = 2 * n;
        double sr = 0;
        double si = 0;
        for (int l = 0; l < m; l++) {
            double vb = v[l * m + b];
            sr += zr[l * m + a] * vb;
            si += zi[l * m + a] * vb;
        }
        return new double[]{sr, si};
    }

    private static double[] add(double[] x, double[] y) {
        return new double[]{x[0] + y[0], x[1] + y[1]};
    }

    private static double[] sub(double[] x, double[] y) {
        return new double[]{x[0] - y[0], x[1] - y[1]};
    }

    /** ||x - y||_2 / ||y||_2. */
    static double relError(double[] x, double[] y) {
        double d = 0;
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            d += (x[i] - y[i]) * (x[i] - y[i]);
            s += y[i] * y[i];
        }
        return Math.sqrt(d / s);
    }

    /** A random Hermitian matrix of order n with about perRow off-diagonal entries per row (lower triangle). */
    static HermitianCsrMatrix randomSparse(int n, int perRow, double shift, Random rnd) {
        int cap = n * (perRow + 1);
        int[] r = new int[cap];
        int[] c = new int[cap];
        double[] re = new double[cap];
        double[] im = new double[cap];
        int t = 0;
        for (int i = 0; i < n; i++) {
            r[t] = i;
            c[t] = i;
            re[t++] = shift + rnd.nextGaussian();
            for (int e = 0; e < perRow / 2 && i > 0; e++) {
                int j = rnd.nextInt(i);
                r[t] = i;
                c[t] = j;
                re[t] = rnd.nextGaussian() / Math.sqrt(perRow);
                im[t++] = rnd.nextGaussian() / Math.sqrt(perRow);
            }
        }
        return HermitianCsrMatrix.fromLowerTriangle(n, java.util.Arrays.copyOf(r, t), java.util.Arrays.copyOf(c, t),
                java.util.Arrays.copyOf(re, t), java.util.Arrays.copyOf(im, t));
    }

    /** A seeded complex Gaussian vector, 2n interleaved. */
    static double[] gaussian(int n, Random rnd) {
        double[] x = new double[2 * n];
        for (int i = 0; i < 2 * n; i++) {
            x[i] = rnd.nextGaussian();
        }
        return x;
    }

    /** The largest |eigenvalue|. */
    double norm() {
        return Math.max(Math.abs(lambda[0]), Math.abs(lambda[2 * n - 1]));
    }
}
