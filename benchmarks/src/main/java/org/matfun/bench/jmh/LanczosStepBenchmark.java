package org.matfun.bench.jmh;

import org.matfun.core.lanczos.InMemoryLanczos;
import org.matfun.core.lanczos.LanczosStep;
import org.matfun.core.lanczos.Reorthogonalization;
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
 * One Lanczos step of core's {@link InMemoryLanczos} (B columns, no reorthogonalization, basis not kept)
 * against the bare product {@link CsrMatrix#apply} on the same matrix, single thread, in the same fork.
 * {@code threePassStep} is the step as it was before the fused kernel (product, then three passes over the
 * n x B vectors; {@link ThreePassLanczos}), kept here as the "before" reference; {@code identityBetaStep} is a
 * variant with one pass fewer that core does not use ({@link IdentityBetaLanczos}).
 */
@State(Scope.Benchmark)
public class LanczosStepBenchmark {

    @Param({"G3_circuit", "Andrews", "CA-HepPh", "soc-Slashdot0902"})
    public String matrix;

    @Param({"1", "2"})
    public int blockSize;

    private CsrMatrix a;
    private double[] x;
    private double[] y;
    private InMemoryLanczos lanczos;
    private ThreePassLanczos threePass;
    private IdentityBetaLanczos identityBeta;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        a = BenchMatrices.load(matrix);
        int n = a.dimension();
        x = new double[n * blockSize];
        y = new double[n * blockSize];
        Random rnd = new Random(1);
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextBoolean() ? 1.0 : -1.0;
        }
        lanczos = new InMemoryLanczos(a, x, blockSize, Reorthogonalization.NONE, false);
        threePass = new ThreePassLanczos(a, x, blockSize);
        identityBeta = new IdentityBetaLanczos(a, x, blockSize);
    }

    @Benchmark
    public double spmv() {
        a.apply(x, y, blockSize);
        return y[y.length - 1];
    }

    @Benchmark
    public LanczosStep step() {
        return lanczos.step();
    }

    @Benchmark
    public double threePassStep() {
        return threePass.step();
    }

    @Benchmark
    public double identityBetaStep() {
        return identityBeta.step();
    }
}
