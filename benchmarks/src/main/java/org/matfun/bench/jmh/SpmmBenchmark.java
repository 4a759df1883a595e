package org.matfun.bench.jmh;

import org.matfun.core.operator.CsrMatrix;
import org.matfun.core.operator.SlicedEllpack;
import org.matfun.core.operator.SparseKernels;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.util.Random;

/**
 * y = A x as {@link CsrMatrix#apply} runs it, with B interleaved vectors (x[i * B + b]): for B = 1 the
 * {@link SlicedEllpack} kernel (T threads: equal shares of its chunks), for B = 2 its two-vector kernel (one
 * thread; with T > 1 the CSR kernel, as {@code multiply2} has no chunk ranges), for B > 2 the CSR kernel
 * {@link SparseKernels#spmmRows} (T threads: nonzero-balanced row ranges).
 */
@State(Scope.Benchmark)
public class SpmmBenchmark {

    @Param({"G3_circuit", "Andrews", "CA-HepPh", "soc-Slashdot0902"})
    public String matrix;

    @Param({"1", "4", "8", "16"})
    public int blockSize;

    @Param({"1", "2"})
    public int threads;

    private int[] rowPtr;
    private int[] colIdx;
    private double[] values;
    private double[] x;
    private double[] y;
    private RowSplit split;
    private SlicedEllpack sell;

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
        split = new RowSplit(rowPtr, threads);
        sell = blockSize <= 2 ? SlicedEllpack.of(rowPtr, colIdx, values, n) : null;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        split.close();
    }

    @Benchmark
    public double spmm() {
        if (sell != null && blockSize == 2 && threads == 1) {
            sell.multiply2(x, y);
        } else if (sell != null && blockSize == 1) {
            int chunks = sell.chunks();
            if (threads == 1) {
                sell.multiply(x, y);
            } else {
                split.run((part, from, to) -> sell.multiplyChunks(x, y, chunks * part / threads,
                        chunks * (part + 1) / threads));
            }
        } else if (threads == 1) {
            SparseKernels.spmmRows(rowPtr, colIdx, values, 0, rowPtr.length - 1, x, y, blockSize);
        } else {
            split.run((part, from, to) -> SparseKernels.spmmRows(rowPtr, colIdx, values, from, to, x, y, blockSize));
        }
        return y[y.length - 1];
    }
}
