package org.matfun.bench;

import org.matfun.bench.baselines.BenchmarkMatrices;
import org.matfun.core.bilinear.BilinearForm;
import org.matfun.core.bilinear.BilinearFormResult;
import org.matfun.core.bilinear.GradientKind;
import org.matfun.core.bilinear.SweepListener;
import org.matfun.core.function.FunctionList;
import org.matfun.core.lanczos.LanczosOptions;
import org.matfun.core.operator.CsrMatrix;
import org.matfun.core.operator.SpectrumBounds;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Issue 14: what a parameter list adds to one in-memory bilinear run (the runs mode's task), cold and warm, in
 * one fresh JVM per call: the first {@code estimateAll} of the JVM (what a {@code matfun bilinear} job pays, with
 * the JIT still compiling) and then the median of REPEATS warm runs, with the Gershgorin spectrum interval (the
 * default {@code --stop auto} bounds), on the symmetrized adjacency of a SNAP edge list, u = e_U, v = e_V.
 *
 * <pre>BENCH_MAIN=org.matfun.bench.SweepDriverCost benchmarks/step-times.sh EDGES.txt.gz U V FUNCTION REPEATS</pre>
 *
 * Prints one line: function, values, steps, cold ms, warm median ms.
 */
public final class SweepDriverCost {

    private SweepDriverCost() {
    }

    public static void main(String[] args) throws Exception {
        Map<Long, Integer> index = new HashMap<>();
        CsrMatrix a = BenchmarkMatrices.readEdgeList(Path.of(args[0]), index);
        int n = a.dimension();
        double[] u = new double[n];
        double[] v = new double[n];
        u[index.get(Long.parseLong(args[1]))] = 1.0;
        v[index.get(Long.parseLong(args[2]))] = 1.0;
        FunctionList fl = FunctionList.parse(args[3]);
        int repeats = Integer.parseInt(args[4]);
        SpectrumBounds s = SpectrumBounds.of(a);
        LanczosOptions o = LanczosOptions.defaults().withStop(org.matfun.core.lanczos.StopRule.BOUND_OR_ESTIMATE);
        long t0 = System.nanoTime();
        List<BilinearFormResult> r = run(a, fl, u, v, o, s);
        double cold = (System.nanoTime() - t0) * 1e-6;
        double[] warm = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long t1 = System.nanoTime();
            run(a, fl, u, v, o, s);
            warm[i] = (System.nanoTime() - t1) * 1e-6;
        }
        java.util.Arrays.sort(warm);
        System.out.printf(Locale.ROOT, "%s values=%d steps=%d cold_ms=%.1f warm_ms=%.1f%n", args[3], r.size(),
                r.get(r.size() - 1).steps(), cold, repeats == 0 ? Double.NaN : warm[repeats / 2]);
    }

    private static List<BilinearFormResult> run(CsrMatrix a, FunctionList fl, double[] u, double[] v,
                                                LanczosOptions o, SpectrumBounds s) {
        return BilinearForm.ofAll(fl.functions()).withSpectrum(s).estimateAll(a, u, v, o,
                EnumSet.noneOf(GradientKind.class), SweepListener.NONE);
    }
}
