package org.matfun.bench.jmh;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * STREAM-style triad a[i] = b[i] + s c[i] over three arrays of N doubles (N = 2^24 by default: 3 x 128 MiB,
 * far beyond the last-level cache), on 1 or T threads (contiguous thirds of the index range per thread).
 * Bandwidth counted as STREAM does: 24 N bytes per triad (two reads, one write; the write-allocate read of a
 * is not counted). Its figure, in the same JVM and run as the sparse kernels, is the bound they are held to.
 */
@State(Scope.Benchmark)
public class TriadBenchmark {

    @Param({"1", "2"})
    public int threads;

    @Param({"16777216"})
    public int length;

    private double[] a;
    private double[] b;
    private double[] c;
    private RowSplit split;

    @Setup(Level.Trial)
    public void setUp() {
        a = new double[length];
        b = new double[length];
        c = new double[length];
        for (int i = 0; i < length; i++) {
            b[i] = 1.0 + i % 7;
            c[i] = 0.5 * (i % 5);
        }
        int[] ptr = new int[length + 1];
        for (int i = 0; i <= length; i++) {
            ptr[i] = i;
        }
        split = new RowSplit(ptr, threads);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        split.close();
    }

    @Benchmark
    public double triad() {
        final double s = 3.0;
        split.run((part, from, to) -> {
            for (int i = from; i < to; i++) {
                a[i] = b[i] + s * c[i];
            }
        });
        return a[length - 1];
    }
}
