package org.matfun.bench.baselines;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.lapack.LAPACK;
import org.netlib.util.intW;

/**
 * BASELINE support (DESIGN 2.7): f(H) e_1 for a small nonsymmetric matrix H (the Arnoldi Hessenberg matrix of
 * the 2n block matrix), for the three functions of the benchmark. The block matrix is far from normal and has
 * every eigenvalue twice, so no eigendecomposition is used:
 * <ul>
 *   <li>{@code exp(beta x)}: scaling and squaring with the diagonal [6/6] Pade approximant, scaled to
 *       ||beta H / 2^s||_1 <= 0.5 (Higham, "Functions of Matrices", SIAM 2008, Alg. 10.20 with m = 6);</li>
 *   <li>{@code x^(1/2)}: the product form of the Denman-Beavers iteration (Higham 2008, eq. 6.17);</li>
 *   <li>{@code log x}: inverse scaling and squaring, square roots until ||H - I||_1 <= 0.25, then the
 *       m = 12 point Gauss-Legendre rule for log(I + X) = int_0^1 X (I + tX)^{-1} dt (Higham 2008, 11.5);</li>
 *   <li>{@code x^p}, p != 1/2: exp(p log H).</li>
 * </ul>
 * Matrices are k x k column-major. Cost O(k^3) per product or solve (BLAS dgemm, LAPACK dgesv).
 */
public final class HessenbergFunction {

    private static final BLAS BLAS_ = BLAS.getInstance();
    private static final LAPACK LAPACK_ = LAPACK.getInstance();

    private HessenbergFunction() {
    }

    /**
     * f(H), k x k column-major.
     *
     * @param name  exp, power or log
     * @param param beta for exp, p for power, ignored for log
     * @throws IllegalArgumentException for another function name
     * @throws IllegalStateException    if an iteration does not converge or a solve is singular
     */
    public static double[] apply(String name, double param, double[] h, int k) {
        switch (name) {
            case "exp":
                return exp(scale(h, param), k);
            case "power":
                if (param == 0.5) {
                    return sqrt(h, k);
                }
                return exp(scale(log(h, k), param), k);
            case "log":
                return log(h, k);
            default:
                throw new IllegalArgumentException("no dense nonsymmetric evaluation of '" + name
                        + "'; expected exp, power or log");
        }
    }

    /** e^X by scaling and squaring with the [6/6] Pade approximant. */
    static double[] exp(double[] x, int k) {
        double norm = norm1(x, k);
        int s = norm <= 0.5 ? 0 : (int) Math.ceil(Math.log(norm / 0.5) / Math.log(2.0));
        double[] a = scale(x, Math.scalb(1.0, -s));
        // [6/6] Pade: N(A) = sum c_j A^j, D(A) = sum c_j (-A)^j, c_j = (12-j)! 6! / (12! j! (6-j)!)
        double[] c = new double[7];
        c[0] = 1.0;
        for (int j = 1; j <= 6; j++) {
            c[j] = c[j - 1] * (6 - j + 1) / (double) (j * (12 - j + 1));
        }
        double[] num = identity(k);
        double[] den = identity(k);
        double[] power = identity(k);
        for (int j = 1; j <= 6; j++) {
            power = multiply(power, a, k);
            double sign = (j % 2 == 0) ? 1.0 : -1.0;
            for (int i = 0; i < k * k; i++) {
                num[i] += c[j] * power[i];
                den[i] += sign * c[j] * power[i];
            }
        }
        double[] r = solve(den, num, k);
        for (int i = 0; i < s; i++) {
            r = multiply(r, r, k);
        }
        return r;
    }

    /** Principal square root by the product-form Denman-Beavers iteration. */
    static double[] sqrt(double[] a, int k) {
        double[] m = a.clone();
        double[] y = a.clone();
        double[] id = identity(k);
        for (int it = 0; it < 100; it++) {
            double[] mInv = solve(m, id, k);
            double[] half = new double[k * k];
            for (int i = 0; i < k * k; i++) {
                half[i] = 0.5 * (id[i] + mInv[i]);
            }
            double[] yNext = multiply(y, half, k);
            double[] mNext = new double[k * k];
            for (int i = 0; i < k * k; i++) {
                mNext[i] = 0.5 * (id[i] + 0.5 * (m[i] + mInv[i]));
            }
            double change = 0.0;
            double size = 0.0;
            for (int i = 0; i < k * k; i++) {
                change = Math.max(change, Math.abs(mNext[i] - id[i]));
                size = Math.max(size, Math.abs(yNext[i]));
            }
            y = yNext;
            m = mNext;
            if (change <= 1e-15 * Math.max(1.0, size) || change <= 1e-15) {
                return y;
            }
        }
        throw new IllegalStateException("Denman-Beavers square root did not converge in 100 iterations");
    }

    /** Principal logarithm by inverse scaling and squaring. */
    static double[] log(double[] a, int k) {
        double[] x = a.clone();
        int s = 0;
        double[] id = identity(k);
        while (norm1(minus(x, id), k) > 0.25) {
            x = sqrt(x, k);
            s++;
            if (s > 60) {
                throw new IllegalStateException("log: no convergence of repeated square roots");
            }
        }
        double[] e = minus(x, id);
        double[][] rule = gaussLegendre(12);
        double[] sum = new double[k * k];
        for (int j = 0; j < rule[0].length; j++) {
            double t = rule[0][j];
            double[] m = id.clone();
            for (int i = 0; i < k * k; i++) {
                m[i] += t * e[i];
            }
            double[] term = solve(m, e, k); // (I + tE)^{-1} E = E (I + tE)^{-1} (they commute)
            for (int i = 0; i < k * k; i++) {
                sum[i] += rule[1][j] * term[i];
            }
        }
        return scale(sum, Math.scalb(1.0, s));
    }

    /** Nodes and weights of the m-point Gauss-Legendre rule on [0, 1] (Golub-Welsch via LAPACK dstev). */
    static double[][] gaussLegendre(int m) {
        double[] d = new double[m];
        double[] e = new double[m];
        for (int i = 1; i < m; i++) {
            e[i - 1] = i / Math.sqrt(4.0 * i * i - 1.0);
        }
        double[] z = new double[m * m];
        intW info = new intW(0);
        LAPACK_.dstev("V", m, d, e, z, m, new double[2 * m], info);
        if (info.val != 0) {
            throw new IllegalStateException("dstev failed in Gauss-Legendre: info " + info.val);
        }
        double[] nodes = new double[m];
        double[] weights = new double[m];
        for (int j = 0; j < m; j++) {
            nodes[j] = 0.5 * (d[j] + 1.0);
            weights[j] = z[j * m] * z[j * m]; // 2 v_0^2 on [-1, 1], halved for [0, 1]
        }
        return new double[][]{nodes, weights};
    }

    static double[] solve(double[] a, double[] b, int k) {
        double[] lu = a.clone();
        double[] x = b.clone();
        int[] piv = new int[k];
        intW info = new intW(0);
        LAPACK_.dgesv(k, k, lu, k, piv, x, k, info);
        if (info.val != 0) {
            throw new IllegalStateException("dgesv: singular matrix (info " + info.val + ")");
        }
        return x;
    }

    static double[] multiply(double[] a, double[] b, int k) {
        double[] c = new double[k * k];
        BLAS_.dgemm("N", "N", k, k, k, 1.0, a, k, b, k, 0.0, c, k);
        return c;
    }

    static double[] identity(int k) {
        double[] id = new double[k * k];
        for (int i = 0; i < k; i++) {
            id[i * k + i] = 1.0;
        }
        return id;
    }

    private static double[] scale(double[] x, double s) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = s * x[i];
        }
        return y;
    }

    private static double[] minus(double[] x, double[] y) {
        double[] z = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            z[i] = x[i] - y[i];
        }
        return z;
    }

    static double norm1(double[] x, int k) {
        double best = 0.0;
        for (int j = 0; j < k; j++) {
            double s = 0.0;
            for (int i = 0; i < k; i++) {
                s += Math.abs(x[j * k + i]);
            }
            best = Math.max(best, s);
        }
        return best;
    }
}
