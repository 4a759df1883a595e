package org.matfun.bench;

import org.matfun.bench.baselines.BenchmarkMatrices;
import org.matfun.core.bilinear.BilinearForm;
import org.matfun.core.bilinear.BilinearFormResult;
import org.matfun.core.bilinear.GradientKind;
import org.matfun.core.bilinear.StepListener;
import org.matfun.core.bilinear.StepRecord;
import org.matfun.core.function.MatrixFunction;
import org.matfun.core.lanczos.LanczosOptions;
import org.matfun.core.operator.CsrMatrix;
import org.matfun.core.operator.SpectrumBounds;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;

/**
 * Issue 16: the driver's time per Lanczos step with and without the Gauss-Radau bounds, side by side, at
 * k = STEPS (the run must not converge before: bcsstk13 sqrt needs k = n). Each variant runs REPEATS times
 * alternately after one warm-up run; reported is the median over repeats of the mean step time over the last 50
 * steps (k - 49 .. k), which is dominated by the O(k^2) decompositions of T_k (and of T~_{k+1} for the bounds),
 * not by the in-memory matvec.
 *
 * <pre>BENCH_MAIN=org.matfun.bench.BoundsCost benchmarks/step-times.sh MATRIX.mtx.gz FUNCTION STEPS REPEATS</pre>
 */
public final class BoundsCost {

    private BoundsCost() {
    }

    public static void main(String[] args) throws Exception {
        CsrMatrix a = BenchmarkMatrices.readMatrixMarket(Path.of(args[0]));
        MatrixFunction f = MatrixFunction.parse(args[1]);
        int steps = Integer.parseInt(args[2]);
        int repeats = Integer.parseInt(args[3]);
        int n = a.dimension();
        double[] u = new double[n];
        java.util.Arrays.fill(u, 1.0);
        SpectrumBounds s = SpectrumBounds.of(a);
        LanczosOptions o = LanczosOptions.defaults().withTolerance(1e-300).withGradientTolerance(1e-300)
                .withMaxSteps(steps);
        run(a, f, u, o, null);
        run(a, f, u, o, s);
        double[] plain = new double[repeats];
        double[] bounded = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            plain[r] = run(a, f, u, o, null);
            bounded[r] = run(a, f, u, o, s);
        }
        java.util.Arrays.sort(plain);
        java.util.Arrays.sort(bounded);
        double p = plain[repeats / 2];
        double b = bounded[repeats / 2];
        System.out.printf(Locale.ROOT, "| %s | %d | %s | %d | %.3f | %.3f | %.2f |%n", args[0].replaceAll(".*/", ""), n,
                f.spec(), steps, p * 1e3, b * 1e3, b / p);
    }

    /** Mean seconds per step over the last 50 steps. */
    private static double run(CsrMatrix a, MatrixFunction f, double[] u, LanczosOptions o, SpectrumBounds s) {
        BilinearForm form = s == null ? BilinearForm.of(f) : BilinearForm.of(f).withSpectrum(s);
        BilinearFormResult r = form.estimate(a, u, u, o, EnumSet.noneOf(GradientKind.class), StepListener.NONE);
        List<StepRecord> h = r.history();
        int last = h.size() - 1;
        int first = Math.max(0, last - 50);
        return (h.get(last).elapsedSeconds() - h.get(first).elapsedSeconds()) / (last - first);
    }
}
