package org.matfun.bench;

import dev.ludovic.netlib.lapack.LAPACK;
import org.matfun.bench.baselines.BenchmarkMatrices;
import org.matfun.core.bilinear.GradientKind;
import org.matfun.core.hermitian.Complex;
import org.matfun.core.hermitian.ComplexFunction;
import org.matfun.core.hermitian.HermitianBilinearForm;
import org.matfun.core.hermitian.HermitianBilinearFormResult;
import org.matfun.core.hermitian.HermitianCsrMatrix;
import org.matfun.core.lanczos.LanczosOptions;
import org.matfun.core.lanczos.Termination;
import org.matfun.core.operator.CsrMatrix;
import org.matfun.core.operator.SpectrumBounds;
import org.netlib.util.intW;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The oscillatory case of issue 14: steps of u^H exp(-i t A) v against t ||A|| up to 1000, and the stopping rule's
 * honesty (true relative error of every CONVERGED result against tol), on complex Hermitian matrices built from
 * SuiteSparse matrices with seeded phases (off-diagonal a_pq e^{i phi_pq}, phi uniform in [0, 2 pi), seed 7), scaled by
 * their Gershgorin radius so that ||A|| <= 1 (then t ||A|| <= t). Reference: the real 2n x 2n embedding
 * [[X, -Y], [Y, X]] of A = X + iY diagonalized by LAPACK dsyev; exp(-i t A) from its eigenpairs (cos and sin parts).
 * u, v: seeded Gaussian complex vectors (seeds 1, 2); u != v (four polarization runs) and u = v.
 *
 * <pre>
 *   BENCH_MAIN=org.matfun.bench.ExpiSteps benchmarks/step-times.sh [--tol 1e-10] [--max-steps 4000] FILE.mtx.gz ...
 * </pre>
 * Prints a markdown table: matrix, n, t ||A||_2 (the spectral norm from the dense eigenvalues), u = v?, steps,
 * termination, error estimate, true relative error, true error / tol.
 */
public final class ExpiSteps {

    private ExpiSteps() {
    }

    public static void main(String[] args) throws Exception {
        double tol = 1e-10;
        int maxSteps = 4000;
        List<String> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--tol" -> tol = Double.parseDouble(args[++i]);
                case "--max-steps" -> maxSteps = Integer.parseInt(args[++i]);
                default -> files.add(args[i]);
            }
        }
        double[] tNorm = {1, 3, 10, 30, 100, 300, 1000};
        System.out.println("| matrix | n | t ||A|| | u = v | steps | termination | error estimate | true relative error"
                + " | true / tol |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        double worst = 0;
        for (String file : files) {
            CsrMatrix real = BenchmarkMatrices.readMatrixMarket(Path.of(file));
            HermitianCsrMatrix a = withPhases(real, new Random(7));
            int n = a.dimension();
            double[] lambda = new double[2 * n];
            double[] vectors = embeddingEigen(a, lambda);
            double norm = Math.max(Math.abs(lambda[0]), Math.abs(lambda[2 * n - 1]));
            String name = Path.of(file).getFileName().toString().replace(".mtx.gz", "");
            for (boolean same : new boolean[] {false, true}) {
                double[] u = gaussian(n, new Random(1));
                double[] v = same ? u : gaussian(n, new Random(2));
                for (double tn : tNorm) {
                    double t = tn / norm;
                    HermitianBilinearFormResult r = HermitianBilinearForm.of(ComplexFunction.expi(t)).estimate(a, u, v,
                            LanczosOptions.defaults().withTolerance(tol).withMaxSteps(maxSteps),
                            EnumSet.noneOf(GradientKind.class));
                    Complex exact = reference(lambda, vectors, n, t, u, v);
                    Complex got = r.value();
                    double err = got.minus(exact).abs() / exact.abs();
                    if (r.termination() == Termination.CONVERGED) {
                        worst = Math.max(worst, err / tol);
                    }
                    System.out.printf(Locale.ROOT, "| %s | %d | %.0f | %s | %d | %s | %.1e | %.1e | %.2f |%n", name, n, tn,
                            same ? "yes" : "no", r.steps(), r.termination(), r.errorEstimate(), err, err / tol);
                }
            }
        }
        System.out.printf(Locale.ROOT, "%nlargest true error / tol over the CONVERGED rows: %.2f%n", worst);
    }

    /** A with a_pq e^{i phi_pq} off the diagonal (lower triangle, mirrored by conjugation), scaled by 1/Gershgorin. */
    static HermitianCsrMatrix withPhases(CsrMatrix a, Random rnd) {
        int n = a.dimension();
        int[] ptr = a.rowPointers();
        int[] col = a.columnIndices();
        double[] val = a.values();
        List<int[]> idx = new ArrayList<>();
        List<double[]> z = new ArrayList<>();
        double radius = SpectrumBounds.of(a).upper();
        radius = Math.max(radius, -SpectrumBounds.of(a).lower());
        for (int i = 0; i < n; i++) {
            for (int p = ptr[i]; p < ptr[i + 1]; p++) {
                int j = col[p];
                if (j > i) {
                    continue;
                }
                double phi = j == i ? 0.0 : 2 * Math.PI * rnd.nextDouble();
                idx.add(new int[] {i, j});
                z.add(new double[] {val[p] * Math.cos(phi) / radius, j == i ? 0.0 : val[p] * Math.sin(phi) / radius});
            }
        }
        int m = idx.size();
        int[] rows = new int[m];
        int[] cols = new int[m];
        double[] re = new double[m];
        double[] im = new double[m];
        for (int e = 0; e < m; e++) {
            rows[e] = idx.get(e)[0];
            cols[e] = idx.get(e)[1];
            re[e] = z.get(e)[0];
            im[e] = z.get(e)[1];
        }
        return HermitianCsrMatrix.fromLowerTriangle(n, rows, cols, re, im);
    }

    /** Eigenpairs of [[X, -Y], [Y, X]] (2n x 2n, column-major vectors returned, eigenvalues into lambda). */
    static double[] embeddingEigen(HermitianCsrMatrix a, double[] lambda) {
        int n = a.dimension();
        int m = 2 * n;
        double[] e = new double[m * m];
        int[] ptr = a.rowPointers();
        int[] col = a.columnIndices();
        double[] re = a.realParts();
        double[] im = a.imaginaryParts();
        for (int i = 0; i < n; i++) {
            for (int p = ptr[i]; p < ptr[i + 1]; p++) {
                int j = col[p];
                // column-major e[row + m * col]
                e[i + m * j] = re[p];
                e[(n + i) + m * (n + j)] = re[p];
                e[i + m * (n + j)] = -im[p];
                e[(n + i) + m * j] = im[p];
            }
        }
        intW info = new intW(0);
        double[] work = new double[1];
        LAPACK.getInstance().dsyev("V", "U", m, e, m, lambda, work, -1, info);
        work = new double[(int) work[0]];
        LAPACK.getInstance().dsyev("V", "U", m, e, m, lambda, work, work.length, info);
        if (info.val != 0) {
            throw new IllegalStateException("dsyev info " + info.val);
        }
        return e;
    }

    /**
     * u^H exp(-i t A) v from the embedding: exp(-i t A) = cos(t A) - i sin(t A); on the embedding, cos(t M) x~ and
     * i sin(t A) x corresponds to J sin(t M) x~ with J = [[0, -I], [I, 0]]. Each eigenvalue of A appears twice in M.
     */
    static Complex reference(double[] lambda, double[] w, int n, double t, double[] u, double[] v) {
        int m = 2 * n;
        double[] vt = new double[m];
        for (int i = 0; i < n; i++) {
            vt[i] = v[2 * i];
            vt[n + i] = v[2 * i + 1];
        }
        double[] c = new double[m];
        double[] s = new double[m];
        for (int k = 0; k < m; k++) {
            double proj = 0;
            for (int i = 0; i < m; i++) {
                proj += w[i + m * k] * vt[i];
            }
            double ck = Math.cos(t * lambda[k]) * proj;
            double sk = Math.sin(t * lambda[k]) * proj;
            for (int i = 0; i < m; i++) {
                c[i] += w[i + m * k] * ck;
                s[i] += w[i + m * k] * sk;
            }
        }
        // z~ = cos(tM) v~ - J sin(tM) v~, J (a, b) = (-b, a): z_r = c_r + s_i, z_i = c_i - s_r
        double re = 0;
        double im = 0;
        for (int i = 0; i < n; i++) {
            double zr = c[i] + s[n + i];
            double zi = c[n + i] - s[i];
            double ur = u[2 * i];
            double ui = u[2 * i + 1];
            re += ur * zr + ui * zi;
            im += ur * zi - ui * zr;
        }
        return new Complex(re, im);
    }

    static double[] gaussian(int n, Random rnd) {
        double[] x = new double[2 * n];
        for (int i = 0; i < 2 * n; i++) {
            x[i] = rnd.nextGaussian();
        }
        return x;
    }
}
