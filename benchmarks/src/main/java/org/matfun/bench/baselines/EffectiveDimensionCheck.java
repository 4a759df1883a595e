package org.matfun.bench.baselines;

import org.matfun.core.function.MatrixFunction;
import org.matfun.core.gradient.ForwardOnlyGradient;
import org.matfun.core.lanczos.Lanczos;
import org.matfun.core.lanczos.LanczosDecomposition;
import org.matfun.core.lanczos.LanczosOptions;
import org.matfun.core.operator.CsrMatrix;
import org.matfun.core.quadrature.TridiagonalEigen;

import java.io.IOException;
import java.util.Locale;

/**
 * How many leading Lanczos vectors carry H after k steps ({@link ForwardOnlyGradient#effectiveDimension}), and
 * what dropping the others does to the edge gradient: the truncated pattern gradient (what BilinearForm and
 * GradientBaselines compute) against the untruncated one (Z = Q_k H with plain loops over all k columns), on
 * the baseline problems with the same u (Rademacher, seed 1) and no reorthogonalization.
 *
 * <pre>
 * java -cp ... org.matfun.bench.baselines.EffectiveDimensionCheck PROBLEM FUNCTION K
 *   PROBLEM as in GradientBaselines (seed:N:SEED, mtx:PATH, edgelist:PATH)
 * </pre>
 * Prints one line: m, max |G_trunc - G_full| / max |G_full|, and the two passes' seconds.
 */
public final class EffectiveDimensionCheck {

    private EffectiveDimensionCheck() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: EffectiveDimensionCheck PROBLEM FUNCTION K");
            System.exit(2);
        }
        CsrMatrix a = GradientBaselines.load(args[0]);
        MatrixFunction f = MatrixFunction.parse(args[1]);
        int k = Integer.parseInt(args[2]);
        int n = a.dimension();
        double[] u = BenchmarkMatrices.rademacher(n, 1);
        LanczosDecomposition d = new Lanczos(LanczosOptions.defaults().withMaxSteps(k)).run(a, u, true);
        if (d.steps() < k) {
            throw new IllegalStateException("invariant subspace after " + d.steps() + " < k = " + k + " steps");
        }
        double[] q = d.basis();
        double[] h = ForwardOnlyGradient.hMatrix(TridiagonalEigen.decompose(d.alphas(), d.betas(), k), d.startNorm(),
                f.unscaled());
        int m = ForwardOnlyGradient.effectiveDimension(h, k);
        long t0 = System.nanoTime();
        double[] truncated = new double[(int) a.nonzeros()];
        ForwardOnlyGradient.accumulatePattern(a, q, k, h, 1.0, truncated); // truncates to m itself
        double tTruncated = (System.nanoTime() - t0) * 1e-9;
        t0 = System.nanoTime();
        double[] z = new double[n * k];
        for (int i = 0; i < n; i++) {
            for (int b = 0; b < k; b++) {
                double qb = q[i * k + b];
                for (int c = 0; c < k; c++) {
                    z[i * k + c] += qb * h[b * k + c];
                }
            }
        }
        int[] ptr = a.rowPointers();
        int[] col = a.columnIndices();
        double maxDiff = 0.0;
        double maxG = 0.0;
        for (int i = 0; i < n; i++) {
            for (int p = ptr[i]; p < ptr[i + 1]; p++) {
                double s = 0.0;
                for (int c = 0; c < k; c++) {
                    s += z[i * k + c] * q[col[p] * k + c];
                }
                maxDiff = Math.max(maxDiff, Math.abs(s - truncated[p]));
                maxG = Math.max(maxG, Math.abs(s));
            }
        }
        double tFull = (System.nanoTime() - t0) * 1e-9;
        String name = args[0].substring(args[0].lastIndexOf('/') + 1);
        System.out.printf(Locale.ROOT, "%s %s k = %d: m = %d, max|G_m - G_k| / max|G_k| = %.2e, pass %.2f s "
                + "(all k, plain loops: %.2f s)%n", name, args[1], k, m, maxDiff / maxG, tTruncated, tFull);
    }
}
