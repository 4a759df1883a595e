package org.matfun.spark.lanczos;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.matfun.core.bilinear.BilinearForm;
import org.matfun.core.bilinear.BilinearFormEstimator;
import org.matfun.core.bilinear.BilinearFormResult;
import org.matfun.core.bilinear.GradientKind;
import org.matfun.core.bilinear.StepListener;
import org.matfun.core.function.MatrixFunction;
import org.matfun.core.gradient.ForwardOnlyGradient;
import org.matfun.core.lanczos.InMemoryLanczos;
import org.matfun.core.lanczos.LanczosOptions;
import org.matfun.core.lanczos.LanczosStep;
import org.matfun.core.lanczos.Reorthogonalization;
import org.matfun.core.lanczos.Termination;
import org.matfun.core.operator.CsrMatrix;
import org.matfun.spark.SparkTestSupport;
import org.matfun.spark.io.InputFormat;
import org.matfun.spark.io.LoadedMatrix;
import org.matfun.spark.io.MatrixEntry;
import org.matfun.spark.io.MatrixReader;
import org.matfun.spark.jobs.StartVectors;
import org.matfun.spark.jobs.VectorSpec;
import org.matfun.spark.matrix.BlockVector;
import org.matfun.spark.matrix.DistributedCsr;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The distributed recurrence driven by core's estimator gives core's single-machine result (relative 1e-12) on a
 * real graph (CA-GrQc, n = 5242), for 1, 3 and 8 row blocks and a layout with empty blocks, for u = v and
 * u != v (polarization), values and every edge gradient; and a 1000-step run completes (lineage truncation).
 */
class DistributedLanczosTest {

    private static final double REL = 1e-12;
    private static LoadedMatrix graph;
    private static CsrMatrix core;

    @BeforeAll
    static void load() {
        JavaSparkContext sc = SparkTestSupport.context();
        graph = MatrixReader.read(sc, SparkTestSupport.sharedData("snap/CA-GrQc.txt.gz").toString(),
                InputFormat.EDGELIST, 2);
        core = toCore(graph);
    }

    @AfterAll
    static void release() {
        graph.unpersist();
    }

    static CsrMatrix toCore(LoadedMatrix m) {
        List<MatrixEntry> entries = m.entries().collect();
        int[] r = new int[entries.size()];
        int[] c = new int[entries.size()];
        double[] v = new double[entries.size()];
        for (int e = 0; e < entries.size(); e++) {
            r[e] = (int) entries.get(e).row();
            c[e] = (int) entries.get(e).col();
            v[e] = entries.get(e).value();
        }
        return CsrMatrix.fromCoordinates((int) m.n(), r, c, v);
    }

    static Stream<Arguments> layouts() {
        return Stream.of(
                Arguments.of("1 block", null, 1),
                Arguments.of("3 blocks", null, 3),
                Arguments.of("8 blocks", null, 8),
                Arguments.of("empty blocks", new long[]{0, 0, 1200, 1200, 1200, 4000, 5242, 5242}, 0));
    }

    /** Value and edge gradients of exp(0.1 A)_{pq} (u != v) equal core's, for every layout. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("layouts")
    void bilinearFormAndEdgeGradientEqualCore(String name, long[] rowStarts, int partitions) {
        DistributedCsr a = rowStarts == null ? DistributedCsr.build(graph, partitions)
                : DistributedCsr.build(graph, rowStarts);
        try {
            compare(a, "node:3466", "node:937", Reorthogonalization.NONE);
        } finally {
            a.unpersist();
        }
    }

    /** u = v (one starting vector) and full reorthogonalization on 3 blocks. */
    @Test
    void quadraticFormWithFullReorthogonalizationEqualsCore() {
        DistributedCsr a = DistributedCsr.build(graph, 3);
        try {
            compare(a, "random:11", "random:11", Reorthogonalization.FULL);
        } finally {
            a.unpersist();
        }
    }

    private void compare(DistributedCsr a, String u, String v, Reorthogonalization reorth) {
        MatrixFunction f = MatrixFunction.exp(0.1);
        LanczosOptions options = LanczosOptions.defaults().withTolerance(1e-12).withMaxSteps(200)
                .withReorthogonalization(reorth);
        JavaSparkContext sc = SparkTestSupport.context();
        VectorSpec us = VectorSpec.parse(u);
        VectorSpec vs = VectorSpec.parse(v);
        double[] coefficients = StartVectors.coefficients(us, vs);
        JavaRDD<BlockVector> starts = StartVectors.build(sc, a, graph, us, vs);
        DistributedLanczos lanczos = DistributedLanczos.start(a, starts, coefficients.length, reorth, true, 10);
        EnumSet<GradientKind> kinds = EnumSet.of(GradientKind.MATRIX);
        BilinearFormResult dist = new BilinearFormEstimator(f, options, kinds).run(lanczos, coefficients,
                StepListener.NONE);
        List<EdgeGradient> grads = DistributedGradient.edges(a, lanczos, dist.runs()).collect();
        lanczos.release();

        double[] uu = dense(us);
        double[] vv = dense(vs);
        BilinearFormResult ref = BilinearForm.of(f).estimate(core, uu, vv, options, kinds, StepListener.NONE);
        assertNotEquals(Termination.STEP_BUDGET, dist.termination());
        assertEquals(ref.steps(), dist.steps(), "steps");
        double value = ref.value().value();
        assertEquals(value, dist.value().value(), REL * Math.abs(value), "value");

        double[] edge = ForwardOnlyGradient.edgeDerivatives(core, ref.patternGradient());
        int[] ptr = core.rowPointers();
        int[] col = core.columnIndices();
        Map<Long, Double> expected = new HashMap<>();
        double scale = 0;
        for (int i = 0; i < core.dimension(); i++) {
            for (int p = ptr[i]; p < ptr[i + 1]; p++) {
                if (col[p] >= i) {
                    expected.put((long) i * core.dimension() + col[p], edge[p]);
                    scale = Math.max(scale, Math.abs(edge[p]));
                }
            }
        }
        assertEquals(expected.size(), grads.size(), "one gradient per stored undirected edge");
        for (EdgeGradient g : grads) {
            Double e = expected.get(g.row() * core.dimension() + g.col());
            assertTrue(e != null, "unexpected edge " + g.row() + " " + g.col());
            assertEquals(e, g.gradient(), REL * scale, "edge " + g.row() + " " + g.col());
        }
    }

    private double[] dense(VectorSpec s) {
        int n = core.dimension();
        double[] x = new double[n];
        switch (s.kind()) {
            case NODE:
                x[(int) (long) graph.idToIndex().lookup(s.id()).get(0)] = 1.0;
                break;
            case RANDOM:
                for (int i = 0; i < n; i++) {
                    x[i] = VectorSpec.rademacher(s.seed(), i);
                }
                break;
            default:
                throw new IllegalArgumentException(s.text());
        }
        return x;
    }

    /** 1000 Lanczos steps (1000 Spark jobs) complete, and the first steps' alphas and betas equal core's. */
    @Test
    void thousandStepsComplete() {
        JavaSparkContext sc = SparkTestSupport.context();
        LoadedMatrix bus = MatrixReader.read(sc, SparkTestSupport.sharedData("suitesparse/1138_bus.mtx.gz")
                .toString(), InputFormat.MTX, 2);
        DistributedCsr a = DistributedCsr.build(bus, 4);
        CsrMatrix c = toCore(bus);
        VectorSpec spec = VectorSpec.parse("random:3");
        DistributedLanczos lanczos = DistributedLanczos.start(a, StartVectors.build(sc, a, bus, spec, spec), 1,
                Reorthogonalization.NONE, false, 10);
        double[] start = new double[c.dimension()];
        for (int i = 0; i < start.length; i++) {
            start[i] = VectorSpec.rademacher(3, i);
        }
        InMemoryLanczos ref = new InMemoryLanczos(c, start, 1, Reorthogonalization.NONE, false);
        int steps = 0;
        for (int k = 1; k <= 1000; k++) {
            LanczosStep s = lanczos.step();
            if (k <= 20) {
                LanczosStep r = ref.step();
                assertEquals(r.alphas()[0], s.alphas()[0], 1e-10 * Math.abs(r.alphas()[0]), "alpha_" + k);
                assertEquals(r.betas()[0], s.betas()[0], 1e-10 * Math.abs(r.betas()[0]), "beta_" + k);
            }
            steps = s.step();
        }
        assertEquals(1000, steps);
        assertEquals(1000, lanczos.steps());
        lanczos.release();
        a.unpersist();
        bus.unpersist();
    }
}
