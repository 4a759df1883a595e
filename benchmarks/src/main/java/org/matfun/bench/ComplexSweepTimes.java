package org.matfun.bench;

import org.apache.hadoop.conf.Configuration;
import org.matfun.core.bilinear.GradientKind;
import org.matfun.core.hermitian.ComplexFunctionList;
import org.matfun.core.hermitian.HermitianBilinearForm;
import org.matfun.core.hermitian.HermitianBilinearFormResult;
import org.matfun.core.hermitian.HermitianCsrMatrix;
import org.matfun.core.hermitian.HermitianSweepListener;
import org.matfun.core.hermitian.MagneticOperator;
import org.matfun.core.lanczos.LanczosOptions;
import org.matfun.core.lanczos.Reorthogonalization;
import org.matfun.spark.io.DirectedGraph;
import org.matfun.spark.io.InputFormat;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;

/**
 * The cost of many parameter values from one Lanczos pass on a complex Hermitian operator (issue 14), in one warm
 * JVM, without Spark: core's {@link HermitianBilinearForm#estimateAll} for a grid of expi:t values against the single
 * largest value, on the magnetic adjacency of a directed graph, in interleaved rounds (the order alternates), after
 * warm-up rounds. Prints one Markdown row: steps, median seconds of each, the ratio of the medians, and the range of
 * the per-round ratios.
 *
 * <pre>
 *   BENCH_MAIN=org.matfun.bench.ComplexSweepTimes benchmarks/step-times.sh GRAPH Q U V SINGLE GRID ROUNDS WARMUP
 *   e.g. ../shared/data/networks/celegansneural.gml.gz 0.25 1 10 expi:t=1 expi:t=0.01:0.01:1 21 10
 * </pre>
 * U and V are node ids; tol 1e-10, at most 500 steps, no gradient (the CLI defaults).
 */
public final class ComplexSweepTimes {

    private ComplexSweepTimes() {
    }

    public static void main(String[] args) {
        if (args.length != 8) {
            throw new IllegalArgumentException("usage: GRAPH Q U V SINGLE GRID ROUNDS WARMUP");
        }
        String path = args[0];
        double q = Double.parseDouble(args[1]);
        DirectedGraph g = DirectedGraph.read(new Configuration(), path, InputFormat.detect(path));
        HermitianCsrMatrix h = MagneticOperator.adjacency(g.src(), g.dst(), g.w(), g.n(), q);
        int n = h.dimension();
        double[] u = new double[2 * n];
        double[] v = new double[2 * n];
        u[2 * Arrays.binarySearch(g.ids(), Long.parseLong(args[2]))] = 1.0;
        v[2 * Arrays.binarySearch(g.ids(), Long.parseLong(args[3]))] = 1.0;
        ComplexFunctionList single = ComplexFunctionList.parse(args[4]);
        ComplexFunctionList grid = ComplexFunctionList.parse(args[5]);
        int rounds = Integer.parseInt(args[6]);
        int warmup = Integer.parseInt(args[7]);
        LanczosOptions opt = new LanczosOptions(500, 1e-10, 1e-10, Reorthogonalization.NONE);
        double[] ts = new double[rounds];
        double[] tg = new double[rounds];
        double[] ratio = new double[rounds];
        int stepsSingle = 0;
        int stepsGrid = 0;
        for (int r = -warmup; r < rounds; r++) {
            boolean singleFirst = (r & 1) == 0;
            double a = 0;
            double b = 0;
            for (int pass = 0; pass < 2; pass++) {
                boolean doSingle = (pass == 0) == singleFirst;
                long t0 = System.nanoTime();
                List<HermitianBilinearFormResult> res = HermitianBilinearForm.ofAll(
                        (doSingle ? single : grid).functions()).estimateAll(h, u, v, opt,
                        EnumSet.noneOf(GradientKind.class), HermitianSweepListener.NONE);
                double s = (System.nanoTime() - t0) * 1e-9;
                int steps = 0;
                for (HermitianBilinearFormResult x : res) {
                    steps = Math.max(steps, x.steps());
                }
                if (doSingle) {
                    a = s;
                    stepsSingle = steps;
                } else {
                    b = s;
                    stepsGrid = steps;
                }
            }
            if (r >= 0) {
                ts[r] = a;
                tg[r] = b;
                ratio[r] = b / a;
            }
        }
        double ms = median(ts);
        double mg = median(tg);
        double[] sorted = ratio.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "| %s | %d | %s | %d | %.4f | %s (%d values) | %d | %.4f | %.2f | %.2f-%.2f |%n",
                path.substring(path.lastIndexOf('/') + 1), n, single.spec(), stepsSingle, ms, grid.spec(),
                grid.size(), stepsGrid, mg, mg / ms, sorted[0], sorted[sorted.length - 1]);
    }

    private static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : 0.5 * (s[m - 1] + s[m]);
    }
}
