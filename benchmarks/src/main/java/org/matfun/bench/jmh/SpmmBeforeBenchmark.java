package org.matfun.bench.jmh;

import org.matfun.core.operator.CsrMatrix;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.io.IOException;
import java.util.Random;

/**
 * The block product as core ran it before the register-chunked kernel (commit 541e017,
 * SparseKernels.spmm for B > 1: y row zeroed, then y[i, b] += a x[j, b] in memory for every nonzero), single
 * thread: the "before" reference for {@link SpmmBenchmark}. Benchmark only.
 */
@State(Scope.Benchmark)
public class SpmmBeforeBenchmark {

    @Param({"G3_circuit", "Andrews", "CA-HepPh", "soc-Slashdot0902"})
    public String matrix;

    @Param({"4", "8", "16"})
    public int blockSize;

    private int[] rowPtr;
    private int[] colIdx;
    private double[] values;
    private double[] x;
    private double[] y;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        CsrMatrix a = BenchMatrices.load(matrix);
        rowPtr = a.rowPointers();
        colIdx = a.columnIndices();
        values = a.values();
        int n = a.dimension();
        x = new double[n * blockSize];
        y = new double[n * blockSize];
        Random rnd = new Random(1);
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextDouble() - 0.5;
        }
    }

    @Benchmark
    public double spmmBefore() {
        int rows = rowPtr.length - 1;
        int bs = blockSize;
        for (int i = 0; i < rows; i++) {
            int yo = i * bs;
            for (int b = 0; b < bs; b++) {
                y[yo + b] = 0.0;
            }
            for (int p = rowPtr[i]; p < rowPtr[i + 1]; p++) {
                double a = values[p];
                int xo = colIdx[p] * bs;
                for (int b = 0; b < bs; b++) {
                    y[yo + b] += a * x[xo + b];
                }
            }
        }
        return y[y.length - 1];
    }
}
