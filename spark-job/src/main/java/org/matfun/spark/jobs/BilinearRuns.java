package org.matfun.spark.jobs;

import org.apache.spark.api.java.JavaSparkContext;
import org.matfun.core.bilinear.BilinearForm;
import org.matfun.core.bilinear.BilinearFormResult;
import org.matfun.core.bilinear.GradientKind;
import org.matfun.core.bilinear.StepListener;
import org.matfun.core.bilinear.StepRecord;
import org.matfun.core.gradient.ForwardOnlyGradient;
import org.matfun.core.operator.CsrMatrix;
import org.matfun.spark.exec.DistributionChoice;
import org.matfun.spark.exec.RunParallel;
import org.matfun.spark.exec.SharedOperator;
import org.matfun.spark.io.LoadedMatrix;

import java.io.Serializable;
import java.util.EnumSet;

/**
 * The bilinear job in the run-parallel mode (DESIGN 3.1b): A broadcast once ({@link SharedOperator}), the one
 * run (a block of 1 or 2 starting vectors: u, or the polarization pair u + v, u - v) is one Spark task running
 * core's {@link BilinearForm} (in-memory Lanczos, the same {@code BilinearFormEstimator} and forward-only
 * gradient as the block-row mode, DESIGN 2.2-2.5), and the task returns the result record with dF/dw on every
 * stored entry. The driver replays the step records to the listener (progress lines, convergence.csv) and
 * writes the edge gradient (the same Parquet columns as the block-row mode, from the driver's arrays with
 * {@link EdgeTableWriter}).
 *
 * <p>Cost: one Spark job to gather A, one broadcast, one task: k products with the in-memory CSR/SELL-C-sigma
 * kernels; the executor running the task holds A twice (CSR, SELL) and 3 B n doubles, plus the basis (8 n k B
 * bytes) for an edge gradient. The driver holds A once while it gathers and broadcasts it.
 */
final class BilinearRuns {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("org.matfun.bilinear");
    /** Steps assumed for the memory of a kept basis when predicting the bytes of the runs mode. */
    static final int STEPS_FOR_MEMORY = 300;

    private BilinearRuns() {
    }

    /**
     * What the task returns: one result per parameter value and, for an edge gradient, dF/dw per stored entry in CSR
     * order per value.
     */
    record RunResult(java.util.List<BilinearFormResult> results, java.util.List<double[]> edgeGradients)
            implements Serializable {
    }

    /** Bytes of vectors the task holds: 4 n B doubles of the recurrence and the basis when kept. */
    static long workingBytes(BilinearRequest req, long n) {
        int b = 2;
        long steps = req.gradient() == GradientRequest.EDGES
                || req.options().reorthogonalization() != org.matfun.core.lanczos.Reorthogonalization.NONE
                ? Math.min(req.options().maxSteps(), STEPS_FOR_MEMORY) : 0;
        return 8L * n * b * (4 + steps);
    }

    static BilinearOutcome run(JavaSparkContext sc, BilinearRequest req, LoadedMatrix m, DistributionChoice choice,
                               org.matfun.core.bilinear.SweepListener listener, long t0, org.matfun.core.operator.SpectrumBounds spectrum,
                               org.matfun.core.lanczos.StopRule stop) {
        if (req.checkpointDir() != null) {
            LOG.info("--checkpoint-dir: the run-parallel mode resumes at run granularity; the bilinear"
                    + " job is one run, recomputed from the start by a rerun");
        }
        SharedOperator op = SharedOperator.broadcast(sc, m);
        double[] u = StartVectors.dense(sc, m, req.u());
        double[] v = req.u().text().equals(req.v().text()) ? u : StartVectors.dense(sc, m, req.v());
        EnumSet<GradientKind> kinds = EnumSet.noneOf(GradientKind.class);
        boolean edges = req.gradient() == GradientRequest.EDGES;
        if (edges) {
            kinds.add(GradientKind.MATRIX);
        } else if (req.gradient() == GradientRequest.PARAMETER) {
            kinds.add(GradientKind.PARAMETER);
        }
        long t1 = System.nanoTime();
        String spec = req.functions().spec();
        org.matfun.core.lanczos.LanczosOptions o = req.options();
        int maxSteps = o.maxSteps();
        double tol = o.tolerance();
        double gradTol = o.gradientTolerance();
        org.matfun.core.lanczos.Reorthogonalization reorth = o.reorthogonalization();
        RunParallel.Outcome<RunResult> out = RunParallel.run(sc, op, new int[] {1}, "bilinear", (a, g) -> {
            java.util.List<BilinearFormResult> rs = BilinearForm.ofAll(
                            org.matfun.core.function.FunctionList.parse(spec).functions())
                    .withSpectrum(spectrum).estimateAll(a, u, v,
                            new org.matfun.core.lanczos.LanczosOptions(maxSteps, tol, gradTol, reorth, stop), kinds,
                            org.matfun.core.bilinear.SweepListener.NONE);
            java.util.List<BilinearFormResult> kept = new java.util.ArrayList<>();
            java.util.List<double[]> d = new java.util.ArrayList<>();
            for (BilinearFormResult r : rs) {
                kept.add(r.withMatrixGradients(null, null));
                if (edges) {
                    d.add(ForwardOnlyGradient.edgeDerivatives(a, r.patternGradient()));
                }
            }
            return new RunResult(kept, d);
        });
        long t2 = System.nanoTime();
        RunResult rr = out.results().get(0);
        java.util.List<BilinearFormResult> results = rr.results();
        BilinearFormResult result = BilinearOutcome.longest(results);
        replay(results, listener);
        EdgeTable table = null;
        if (edges) {
            long[] ids = SharedOperator.indexToId(m);
            table = req.sweep()
                    ? EdgeTable.stacked(op.matrix(), ids, rr.edgeGradients(), req.functions().parameters())
                    : edgeTable(op.matrix(), ids, rr.edgeGradients().get(0));
        }
        if (table != null && m.hasLabels()) {
            table = table.withLabels(SharedOperator.indexToLabel(m));
        }
        op.release();
        return new BilinearOutcome(result, m.n(), m.nnz(), 1, 0, 0, null, (t1 - t0) * 1e-9, (t2 - t1) * 1e-9, 0,
                null, 0, choice, out.summary(), table, m.hasLabels(), spectrum, stop, results);
    }

    /** The task's step records to the listener, step by step (null for values stopped earlier), as the rows mode. */
    static void replay(java.util.List<BilinearFormResult> results, org.matfun.core.bilinear.SweepListener listener) {
        int steps = BilinearOutcome.longest(results).history().size();
        for (int s = 0; s < steps; s++) {
            java.util.List<StepRecord> records = new java.util.ArrayList<>(results.size());
            for (BilinearFormResult r : results) {
                records.add(s < r.history().size() ? r.history().get(s) : null);
            }
            listener.onStep(s + 1, records);
        }
    }

    /**
     * Per stored undirected edge (src index <= dst index), in (src, dst) order: original ids and one value; for a
     * graph with string ids, {@code srcLabels} and {@code dstLabels} hold them (else null).
     */
    record EdgeTable(long[] src, long[] dst, double[] values, String[] srcLabels, String[] dstLabels,
                     double[] parameters) {

        EdgeTable(long[] src, long[] dst, double[] values) {
            this(src, dst, values, null, null, null);
        }

        /**
         * A sweep's table: per stored undirected edge in (src, dst) order, one row per parameter value (in the order
         * given), with the parameter in {@code parameters}.
         */
        static EdgeTable stacked(CsrMatrix a, long[] ids, java.util.List<double[]> perValue, double[] parameters) {
            java.util.List<EdgeTable> tables = new java.util.ArrayList<>();
            for (double[] d : perValue) {
                tables.add(edgeTable(a, ids, d));
            }
            int edges = tables.get(0).src().length;
            int nv = parameters.length;
            long[] src = new long[edges * nv];
            long[] dst = new long[edges * nv];
            double[] g = new double[edges * nv];
            double[] p = new double[edges * nv];
            for (int e = 0; e < edges; e++) {
                for (int i = 0; i < nv; i++) {
                    int row = e * nv + i;
                    src[row] = tables.get(0).src()[e];
                    dst[row] = tables.get(0).dst()[e];
                    g[row] = tables.get(i).values()[e];
                    p[row] = parameters[i];
                }
            }
            return new EdgeTable(src, dst, g, null, null, p);
        }

        /** The same table with string ids: {@code labels[index]}, the ids of this table being the indices. */
        EdgeTable withLabels(String[] labels) {
            String[] s = new String[src.length];
            String[] d = new String[dst.length];
            for (int i = 0; i < s.length; i++) {
                s[i] = labels[(int) src[i]];
                d[i] = labels[(int) dst[i]];
            }
            return new EdgeTable(src, dst, values, s, d, parameters);
        }
    }

    /**
     * dF/dw per stored entry in CSR order as a table of the stored undirected edges, with the original ids. CSR
     * order is (src, dst) order, because the internal index ascends with the id (LoadedMatrix).
     */
    static EdgeTable edgeTable(CsrMatrix a, long[] ids, double[] perEntry) {
        int n = a.dimension();
        int[] ptr = a.rowPointers();
        int[] col = a.columnIndices();
        int count = 0;
        for (int i = 0; i < n; i++) {
            for (int p = ptr[i]; p < ptr[i + 1]; p++) {
                if (col[p] >= i) {
                    count++;
                }
            }
        }
        long[] src = new long[count];
        long[] dst = new long[count];
        double[] g = new double[count];
        int e = 0;
        for (int i = 0; i < n; i++) {
            for (int p = ptr[i]; p < ptr[i + 1]; p++) {
                if (col[p] >= i) {
                    src[e] = ids[i];
                    dst[e] = ids[col[p]];
                    g[e] = perEntry[p];
                    e++;
                }
            }
        }
        return new EdgeTable(src, dst, g);
    }
}
