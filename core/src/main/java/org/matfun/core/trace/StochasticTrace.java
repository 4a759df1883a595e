package org.matfun.core.trace;

import org.matfun.core.lanczos.Termination;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The Hutchinson driver (Hutchinson 1990; with Lanczos quadrature per probe, "SLQ", Ubaru, Chen, Saad 2017):
 * tr f(A) ~ (1/m) sum_b z_b^T f(A) z_b with E[z z^T] = I, and likewise for each gradient entry
 * d tr f(A(theta)) / dtheta_i ~ (1/m) sum_b d(z_b^T f(A) z_b)/dtheta_i. Probes advance in blocks of B through a
 * {@link ProbeBlockRunner}; after each block the running statistics give the mean, the standard error and the
 * 95% Student-t interval, and with a target the loop stops once every requested relative standard error is
 * met (or the probe budget is spent, which the result says).
 *
 * <p>Notes: probe b is the same vector whatever B is, so the estimate after M probes does not depend on B. The
 * per-probe quadrature error (bias) is controlled by the Lanczos tolerance and is not part of the interval:
 * keep it well below the standard error (the default tolerance of the trace command is 1e-6, relative).
 */
public final class StochasticTrace {

    private final TraceOptions options;

    /** @param options budget, block size, seed, distribution, target */
    public StochasticTrace(TraceOptions options) {
        this.options = options;
    }

    /**
     * @param runner             evaluates blocks of probes
     * @param gradientDimension  m, the number of gradient entries each block returns (0 for none)
     * @param progress           called after each block
     * @return the estimate
     * @throws IllegalStateException if a block returns the wrong number of values or gradient entries
     */
    public TraceResult run(ProbeBlockRunner runner, int gradientDimension, Consumer<TraceProgress> progress) {
        long t0 = System.nanoTime();
        RunningStatistics values = new RunningStatistics(1);
        RunningStatistics gradients = gradientDimension > 0 ? new RunningStatistics(gradientDimension) : null;
        Map<Termination, Integer> terminations = new EnumMap<>(Termination.class);
        List<double[]> samples = new ArrayList<>();
        long probes = 0;
        long steps = 0;
        long matvecs = 0;
        int maxBlockSteps = 0;
        int blocks = 0;
        TraceStopping stopping = null;
        while (stopping == null) {
            int bs = (int) Math.min(options.blockSize(), options.maxProbes() - probes);
            ProbeBlock block = runner.run(probes, bs);
            if (block.values().length != bs) {
                throw new IllegalStateException("probe block returned " + block.values().length
                        + " values for " + bs + " probes");
            }
            for (int b = 0; b < bs; b++) {
                values.add(new double[]{block.values()[b]}, block.logScale());
                samples.add(new double[]{block.values()[b], block.logScale()});
                if (gradients != null) {
                    if (block.gradients() == null || block.gradients()[b].length != gradientDimension) {
                        throw new IllegalStateException("probe block returned no gradient of length "
                                + gradientDimension);
                    }
                    gradients.add(block.gradients()[b], block.logScale());
                }
            }
            probes += bs;
            blocks++;
            steps += block.steps();
            matvecs += block.matvecs();
            maxBlockSteps = Math.max(maxBlockSteps, block.steps());
            terminations.merge(block.termination(), 1, Integer::sum);
            IntervalEstimate trace = values.estimate(0);
            progress.accept(new TraceProgress(blocks, probes, steps, matvecs, trace, block.steps(),
                    (System.nanoTime() - t0) * 1e-9));
            if (options.hasTarget() && probes >= TraceOptions.MIN_PROBES_FOR_TARGET && targetMet(values, gradients)) {
                stopping = TraceStopping.TARGET_MET;
            } else if (probes >= options.maxProbes()) {
                stopping = options.hasTarget() ? TraceStopping.PROBE_BUDGET : TraceStopping.PROBES_DONE;
            }
        }
        IntervalEstimate trace = values.estimate(0);
        List<Double> perProbe = new ArrayList<>(samples.size());
        for (double[] s : samples) {
            perProbe.add(s[1] == trace.logScale() ? s[0] : s[0] * Math.exp(s[1] - trace.logScale()));
        }
        return new TraceResult(trace, gradients == null ? null : gradients.estimates(), probes, blocks, steps,
                maxBlockSteps, matvecs, stopping, Collections.unmodifiableMap(terminations),
                Collections.unmodifiableList(perProbe));
    }

    private boolean targetMet(RunningStatistics values, RunningStatistics gradients) {
        double target = options.targetRelativeStandardError();
        if (!(values.estimate(0).relativeStandardError() <= target)) {
            return false;
        }
        if (gradients != null) {
            for (IntervalEstimate g : gradients.estimates()) {
                if (!(g.relativeStandardError() <= target)) {
                    return false;
                }
            }
        }
        return true;
    }
}
