package org.matfun.core.trace;

/**
 * Running mean and variance of d-dimensional samples (a trace value, or a gradient with one entry per
 * parameter), in an overflow-safe common scale, with 95% Student-t intervals ({@link IntervalEstimate}).
 *
 * <p>IMPLEMENTATION NOTES: Welford's update (Welford 1962; Knuth TAOCP vol. 2, 4.2.2): mean += (x - mean) / m,
 * M2 += (x - mean_old)(x - mean_new); variance = M2 / (m - 1). Samples arrive with their own log-scale L_x
 * (exp values of large graphs, DESIGN 2.6); the accumulator keeps the largest L seen and rescales the mean by
 * e^{L_old - L_new} and M2 by e^{2 (L_old - L_new)} when it grows. Not thread-safe; O(d) memory.
 */
public final class RunningStatistics {

    private final int dimension;
    private final double[] mean;
    private final double[] m2;
    private long count;
    private double logScale = Double.NEGATIVE_INFINITY;

    /**
     * @param dimension d >= 1 (1 for a scalar)
     * @throws IllegalArgumentException if d < 1
     */
    public RunningStatistics(int dimension) {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension = " + dimension + "; expected >= 1");
        }
        this.dimension = dimension;
        this.mean = new double[dimension];
        this.m2 = new double[dimension];
    }

    /** d. */
    public int dimension() {
        return dimension;
    }

    /** Number of samples m so far. */
    public long count() {
        return count;
    }

    /** Adds a plain scalar sample (d must be 1). */
    public void add(double x) {
        add(new double[]{x}, 0.0);
    }

    /**
     * Adds the sample x e^sampleLogScale.
     *
     * @param x              length d, finite
     * @param sampleLogScale finite
     * @throws IllegalArgumentException if the length is not d or a number is not finite
     */
    public void add(double[] x, double sampleLogScale) {
        if (x.length != dimension) {
            throw new IllegalArgumentException("sample of length " + x.length + "; expected " + dimension);
        }
        if (!Double.isFinite(sampleLogScale)) {
            throw new IllegalArgumentException("sample log-scale = " + sampleLogScale + "; expected finite");
        }
        for (int i = 0; i < dimension; i++) {
            if (!Double.isFinite(x[i])) {
                throw new IllegalArgumentException("sample entry " + i + " = " + x[i] + "; expected finite");
            }
        }
        double factor = 1.0;
        if (count == 0) {
            logScale = sampleLogScale;
        } else if (sampleLogScale > logScale) {
            double r = Math.exp(logScale - sampleLogScale);
            for (int i = 0; i < dimension; i++) {
                mean[i] *= r;
                m2[i] *= r * r;
            }
            logScale = sampleLogScale;
        } else if (sampleLogScale < logScale) {
            factor = Math.exp(sampleLogScale - logScale);
        }
        count++;
        for (int i = 0; i < dimension; i++) {
            double xi = x[i] * factor;
            double delta = xi - mean[i];
            mean[i] += delta / count;
            m2[i] += delta * (xi - mean[i]);
        }
    }

    /**
     * The estimate of component i.
     *
     * @throws IllegalArgumentException if i is not in [0, d)
     * @throws IllegalStateException    if no sample was added
     */
    public IntervalEstimate estimate(int i) {
        if (i < 0 || i >= dimension) {
            throw new IllegalArgumentException("component " + i + "; expected 0 <= i < " + dimension);
        }
        if (count == 0) {
            throw new IllegalStateException("no samples yet");
        }
        if (count < 2) {
            return new IntervalEstimate(mean[i], Double.NaN, Double.NaN, Double.NaN, count, logScale);
        }
        double se = Math.sqrt(m2[i] / (count - 1) / count);
        double t = StudentT.twoSidedQuantile(IntervalEstimate.COVERAGE, count - 1);
        return new IntervalEstimate(mean[i], se, mean[i] - t * se, mean[i] + t * se, count, logScale);
    }

    /** The estimates of all d components. */
    public IntervalEstimate[] estimates() {
        IntervalEstimate[] out = new IntervalEstimate[dimension];
        for (int i = 0; i < dimension; i++) {
            out[i] = estimate(i);
        }
        return out;
    }
}
