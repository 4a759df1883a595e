package org.matfun.bench;

import org.matfun.bench.baselines.BenchmarkMatrices;
import org.matfun.core.function.MatrixFunction;
import org.matfun.core.lanczos.LanczosOptions;
import org.matfun.core.lanczos.Reorthogonalization;
import org.matfun.core.operator.CsrMatrix;
import org.matfun.core.trace.InMemoryProbeRunner;
import org.matfun.core.trace.ProbeDistribution;
import org.matfun.core.trace.StochasticTrace;
import org.matfun.core.trace.TraceOptions;
import org.matfun.core.trace.TraceResult;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Core's in-memory time per SLQ probe on one thread (the reference of the run-parallel trace, issue 13): the same
 * probes, function and tolerance as {@code matfun trace} with its defaults, blocks of 2 probes (as the runs mode's
 * tasks), after one warm-up pass.
 *
 * <pre>java -cp ... org.matfun.bench.TracePerProbe MATRIX.mtx.gz FUNCTION PROBES</pre>
 */
public final class TracePerProbe {

    private TracePerProbe() {
    }

    public static void main(String[] args) throws Exception {
        CsrMatrix a = BenchmarkMatrices.readMatrixMarket(Path.of(args[0]));
        MatrixFunction f = MatrixFunction.parse(args[1]);
        int probes = Integer.parseInt(args[2]);
        LanczosOptions options = new LanczosOptions(500, 1e-6, 1e-6, Reorthogonalization.NONE);
        TraceOptions trace = new TraceOptions(probes, 2, 1, ProbeDistribution.RADEMACHER, 0.0);
        InMemoryProbeRunner runner = new InMemoryProbeRunner(a, f, options, trace, false);
        new StochasticTrace(trace).run(runner, 0, p -> { });
        long t0 = System.nanoTime();
        TraceResult r = new StochasticTrace(trace).run(runner, 0, p -> { });
        double s = (System.nanoTime() - t0) * 1e-9;
        System.out.printf(Locale.ROOT, "%s %s: %d probes, value %.12e, %.3f s, %.5f s per probe (one thread)%n",
                args[0], args[1], r.probes(), r.trace().mean(), s, s / r.probes());
    }
}
