package org.matfun.spark.jobs;

import org.apache.spark.api.java.JavaSparkContext;
import org.matfun.core.bilinear.StepListener;
import org.matfun.core.function.MatrixFunction;
import org.matfun.core.lanczos.InMemoryLanczos;
import org.matfun.core.lanczos.LanczosOptions;
import org.matfun.core.lanczos.Reorthogonalization;
import org.matfun.core.lanczos.Termination;
import org.matfun.core.trace.ControlVariates;
import org.matfun.core.trace.ProbeBlock;
import org.matfun.core.trace.ProbeBlockRunner;
import org.matfun.core.trace.ProbeDistribution;
import org.matfun.core.trace.SlqBlock;
import org.matfun.core.trace.SlqEstimator;
import org.matfun.core.trace.StochasticTrace;
import org.matfun.core.trace.TraceProgress;
import org.matfun.core.trace.TraceResult;
import org.matfun.spark.exec.DistributionChoice;
import org.matfun.spark.exec.RunParallel;
import org.matfun.spark.exec.SharedOperator;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The trace job's probe blocks in the run-parallel mode (DESIGN 3.1b): core's {@link StochasticTrace} asks for
 * blocks of B probes as in the block-row mode; each block is one Spark stage of B / {@value #PROBES_PER_TASK}
 * tasks over the broadcast operator, each running core's {@link InMemoryLanczos} and {@link SlqEstimator} on its
 * probes (the same entries {@link ProbeDistribution#block} gives, keyed by the probe index), and the shares are
 * combined into one {@link ProbeBlock} in the largest of their scales. Values and the driver-only theta
 * gradients; a gradient that needs the basis runs in the block-row mode.
 */
final class RunsProbeRunner implements ProbeBlockRunner {

    /** Probes per task: the two-vector SELL-C-sigma kernels serve B = 2. */
    static final int PROBES_PER_TASK = 2;
    /** Tasks per core in one block. */
    static final int TASKS_PER_CORE = 4;

    private final JavaSparkContext sc;
    private final TraceRequest req;
    private final SharedOperator op;
    final List<String> probeRows = new ArrayList<>();
    final List<Map<String, Object>> stages = new ArrayList<>();
    private int block;

    private RunsProbeRunner(JavaSparkContext sc, TraceRequest req, SharedOperator op) {
        this.sc = sc;
        this.req = req;
        this.op = op;
    }

    /** One task's probes: the SlqBlock's arrays (values in the scale exp(logScale)) and the control moments. */
    record Share(double[] values, double[] identityDerivatives, double[] momentDerivatives, double logScale, int steps,
                 long matvecs, Termination termination, double[][] controls) implements Serializable {
    }

    static TraceOutcome trace(JavaSparkContext sc, TraceRequest req, TraceJob.Combined c, DistributionChoice choice,
                              Integer blockSize, Consumer<TraceProgress> blocks, long t0) {
        SharedOperator op = SharedOperator.broadcast(sc, c.matrix());
        long t1 = System.nanoTime();
        int cores = Math.max(1, sc.defaultParallelism());
        int bs = blockSize != null ? blockSize : PROBES_PER_TASK * TASKS_PER_CORE * cores;
        String reason = blockSize != null ? "--block-size" : "run-parallel mode: " + PROBES_PER_TASK
                + " probes per task x " + TASKS_PER_CORE + " tasks per core x " + cores + " cores";
        org.matfun.core.trace.TraceOptions opts = new org.matfun.core.trace.TraceOptions(req.trace().maxProbes(), bs,
                req.trace().seed(), req.trace().distribution(), req.trace().targetRelativeStandardError());
        RunsProbeRunner runner = new RunsProbeRunner(sc, req, op);
        boolean theta = req.gradient() == TraceGradient.THETA;
        TraceResult result;
        try {
            result = new StochasticTrace(opts).run(runner, theta ? req.components().size() : 0,
                    TraceJob.controlMeans(c.matrix()), blocks);
        } finally {
            if (c.componentEntries() != null) {
                c.componentEntries().unpersist(false);
            }
            op.release();
        }
        long t2 = System.nanoTime();
        Map<String, Object> execution = new LinkedHashMap<>(choice.summary());
        execution.put("tasks", runner.stages);
        return new TraceOutcome(result, runner.probeRows, c.matrix().n(), c.matrix().nnz(), 1, bs, reason, false,
                null, 0.0, (t1 - t0) * 1e-9, (t2 - t1) * 1e-9, execution,
                c.matrix().hasLabels());
    }

    @Override
    public ProbeBlock run(long firstProbe, int bs) {
        block++;
        int groups = (bs + PROBES_PER_TASK - 1) / PROBES_PER_TASK;
        int[] sizes = new int[groups];
        for (int g = 0; g < groups; g++) {
            sizes[g] = Math.min(PROBES_PER_TASK, bs - g * PROBES_PER_TASK);
        }
        String spec = req.function().spec();
        LanczosOptions o = req.options();
        int maxSteps = o.maxSteps();
        double tol = o.tolerance();
        double gradTol = o.gradientTolerance();
        Reorthogonalization reorth = o.reorthogonalization();
        ProbeDistribution dist = req.trace().distribution();
        long seed = req.trace().seed();
        int[] counts = sizes.clone();
        RunParallel.Outcome<Share> out = RunParallel.run(sc, op, sizes, "probe block " + block, (a, g) -> {
            long first = firstProbe + (long) g * PROBES_PER_TASK;
            int count = counts[g];
            double[] z = dist.block(seed, first, count, 0, a.dimension());
            InMemoryLanczos lanczos = new InMemoryLanczos(a, z, count, reorth, false);
            SlqBlock s = new SlqEstimator(MatrixFunction.parse(spec), new LanczosOptions(maxSteps, tol, gradTol, reorth),
                    false).run(lanczos, StepListener.NONE);
            double[][] controls = new double[count][];
            for (int b = 0; b < count; b++) {
                controls[b] = ControlVariates.moments(s.result().runs().get(b));
            }
            return new Share(s.values(), s.identityDerivatives(), s.momentDerivatives(), s.logScale(),
                    s.result().steps(), s.result().matvecs(), s.result().termination(), controls);
        });
        stages.add(out.summary());
        double logScale = Double.NEGATIVE_INFINITY;
        for (Share s : out.results()) {
            logScale = Math.max(logScale, s.logScale());
        }
        double[] values = new double[bs];
        double[] id = new double[bs];
        double[] mom = new double[bs];
        double[][] controls = new double[bs][];
        int steps = 0;
        long matvecs = 0;
        Termination how = Termination.CONVERGED;
        int at = 0;
        for (Share s : out.results()) {
            double w = Math.exp(s.logScale() - logScale);
            for (int b = 0; b < s.values().length; b++) {
                values[at] = w * s.values()[b];
                id[at] = w * s.identityDerivatives()[b];
                mom[at] = w * s.momentDerivatives()[b];
                controls[at] = s.controls()[b];
                at++;
            }
            steps = Math.max(steps, s.steps());
            matvecs += s.matvecs();
            if (s.termination() == Termination.STEP_BUDGET) {
                how = Termination.STEP_BUDGET;
            }
        }
        double[][] g = req.gradient() == TraceGradient.THETA ? TraceJob.driverGradients(req, id, mom) : null;
        for (int b = 0; b < bs; b++) {
            StringBuilder line = new StringBuilder();
            line.append(firstProbe + b).append(',').append(block).append(',').append(values[b]).append(',')
                    .append(logScale);
            if (g != null) {
                for (double x : g[b]) {
                    line.append(',').append(x);
                }
            }
            probeRows.add(line.toString());
        }
        return new ProbeBlock(values, g, logScale, steps, matvecs, how, controls);
    }
}
