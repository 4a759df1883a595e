package org.matfun.core.trace;

/**
 * Distribution of the entries of a Hutchinson probe z (E[z z^T] = I, so E[z^T f(A) z] = tr f(A)).
 * Entries are a pure function of (seed, probe index, row): the same probe comes out whatever the number of
 * partitions, the block size or the order in which rows are generated.
 *
 * <p>IMPLEMENTATION NOTES: the counter (seed, probe, row) is hashed with the SplitMix64 finalizer
 * (Steele, Lea, Flood 2014, "Fast splittable pseudorandom number generators"), chained over the three words;
 * Rademacher uses the top bit; Gaussian uses Box-Muller on two 53-bit uniforms from two hashes.
 */
public enum ProbeDistribution {
    /** z_i = +-1 with probability 1/2 each: the minimum-variance Hutchinson probe for real symmetric A. */
    RADEMACHER,
    /** z_i ~ N(0, 1) independent: variance 2 ||f(A)||_F^2 per probe. */
    GAUSSIAN;

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private static final double TWO_POW_M53 = 0x1.0p-53;

    /**
     * Entry {@code row} of probe {@code probe} for the given seed.
     *
     * @param seed  any long
     * @param probe probe index, >= 0 (probes are numbered 0, 1, ... in the order they are used)
     * @param row   0-based row, >= 0
     * @return +-1 (Rademacher) or a standard normal sample (Gaussian)
     */
    public double entry(long seed, long probe, long row) {
        long h = hash(seed, probe, row);
        if (this == RADEMACHER) {
            return h < 0 ? -1.0 : 1.0;
        }
        double u1 = ((h >>> 11) + 1) * TWO_POW_M53; // (0, 1]
        double u2 = (mix(h ^ GOLDEN) >>> 11) * TWO_POW_M53; // [0, 1)
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    /** The chained SplitMix64 hash of (seed, probe, row). */
    static long hash(long seed, long probe, long row) {
        return mix(mix(mix(seed) + probe) + row);
    }

    /** SplitMix64: one step of the Weyl sequence followed by the variant-13 finalizer. */
    static long mix(long x) {
        long z = x + GOLDEN;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * Fills rows [firstRow, firstRow + rows) of probes firstProbe .. firstProbe + blockSize - 1 as a
     * rows x B interleaved block (entry (i, b) at {@code i * blockSize + b}), the layout of the Lanczos state.
     *
     * @param seed       the seed
     * @param firstProbe index of column 0, >= 0
     * @param blockSize  B >= 1
     * @param firstRow   global index of the first row, >= 0
     * @param rows       number of rows, >= 0
     * @return a new array of length rows * B
     * @throws IllegalArgumentException if an index is negative or B < 1
     */
    public double[] block(long seed, long firstProbe, int blockSize, long firstRow, int rows) {
        if (firstProbe < 0 || blockSize < 1 || firstRow < 0 || rows < 0) {
            throw new IllegalArgumentException("probe block needs firstProbe >= 0, B >= 1, firstRow >= 0, rows >= 0;"
                    + " got " + firstProbe + ", " + blockSize + ", " + firstRow + ", " + rows);
        }
        double[] out = new double[Math.multiplyExact(rows, blockSize)];
        for (int i = 0; i < rows; i++) {
            for (int b = 0; b < blockSize; b++) {
                out[i * blockSize + b] = entry(seed, firstProbe + b, firstRow + i);
            }
        }
        return out;
    }
}
