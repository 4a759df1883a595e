package org.matfun.spark.communicability;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.matfun.core.bilinear.QuadratureRun;
import org.matfun.core.function.ScaledFunction;
import org.matfun.core.bilinear.ValueBounds;
import org.matfun.core.trace.IntervalEstimate;
import org.matfun.core.trace.StudentT;
import org.matfun.spark.communicability.CommunicabilityJob.Requested;
import org.matfun.spark.jobs.OutputDirectory;
import org.matfun.spark.lanczos.BasisCombination;
import org.matfun.spark.lanczos.DistributedGradient;
import org.matfun.spark.lanczos.DistributedLanczos;
import org.matfun.spark.matrix.BlockVector;
import org.matfun.spark.matrix.DistributedCsr;
import scala.Tuple2;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;
import static org.matfun.spark.communicability.CommunicabilityJob.json;
import static org.matfun.spark.communicability.CommunicabilitySummaries.normalized;

/**
 * The Parquet outputs of the communicability job: the node vectors (total communicability, estimated subgraph
 * centrality), the listed nodes and pairs, and the edge sensitivities ({@link SensitivityWriter}).
 */
final class CommunicabilityOutputs {

    private CommunicabilityOutputs() {
    }

    /** node, totalCommunicability (and scaled/normalized); node, subgraph-centrality estimates with error bars. */
    static void writeVectors(SparkSession spark, OutputDirectory out, DistributedCsr a,
                                     JavaRDD<BlockVector> x, List<ColumnSpec> cols, boolean total, boolean diag,
                                     CommunicabilityRequest req,
                                     Broadcast<NodeIds> idsB, double totalLogScale, double totalErrorBound,
                                     double probeLogScale,
                                     double logNorm, int first, int mProbes, Map<String, Object> summary,
                                     CommunicabilityJob.NodeTables nodeTables) {
        ColumnSpec[] cs = cols.toArray(new ColumnSpec[0]);
        int bs = cs.length;
        JavaRDD<Object[]> perNode = a.blocks().zip(x).flatMap(t -> {
            long start = t._1().rowStart();
            int rows = t._1().rows();
            double[] v = t._2().values();
            NodeIds idArr = idsB.value();
            List<Object[]> outRows = new ArrayList<>(rows);
            for (int i = 0; i < rows; i++) {
                long row = start + i;
                double tc = total ? v[i * bs] : 0.0;
                double mean = 0.0;
                double ss = 0.0;
                if (diag) {
                    double[] s = new double[mProbes];
                    for (int r = 0; r < mProbes; r++) {
                        s[r] = cs[first + r].at(row) * v[i * bs + first + r];
                        mean += s[r];
                    }
                    mean /= mProbes;
                    for (int r = 0; r < mProbes; r++) {
                        ss += (s[r] - mean) * (s[r] - mean);
                    }
                }
                double se = mProbes > 1 ? Math.sqrt(ss / (mProbes - 1) / mProbes) : Double.POSITIVE_INFINITY;
                outRows.add(new Object[] {idArr.ofIndex(row), tc, mean, se});
            }
            return outRows.iterator();
        });
        nodeTables.write(spark, out, perNode, idsB.value().type(), total, diag, req, totalLogScale, totalErrorBound,
                probeLogScale, logNorm, mProbes, summary);
    }

    /**
     * The node tables from rows {id, scaled total communicability, scaled diagonal-estimator mean, its standard
     * error}: DIR/total-communicability and DIR/subgraph-centrality-estimated, and their summary entries.
     */
    static void writeNodeTables(SparkSession spark, OutputDirectory out, JavaRDD<Object[]> perNode,
                                org.apache.spark.sql.types.DataType idType, boolean total,
                                boolean diag, CommunicabilityRequest req, double totalLogScale,
                                double totalErrorBound, double probeLogScale, double logNorm, int mProbes,
                                Map<String, Object> summary) {
        double t95 = mProbes > 1 ? StudentT.twoSidedQuantile(IntervalEstimate.COVERAGE, mProbes - 1) : Double.NaN;
        perNode.persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
        if (total) {
            double tScale = Math.exp(totalLogScale);
            double tNorm = Math.exp(totalLogScale - logNorm);
            double bound = totalErrorBound * tScale;
            JavaRDD<Row> rows = perNode.map(o -> RowFactory.create(o[0], (double) o[1] * tScale, o[1],
                    (double) o[1] * tNorm, bound, totalErrorBound / Math.abs((double) o[1])));
            StructType schema = new StructType().add("node", idType, false)
                    .add("totalCommunicability", DataTypes.DoubleType, false)
                    .add("scaled", DataTypes.DoubleType, false)
                    .add("normalized", DataTypes.DoubleType, false)
                    .add("errorBound", DataTypes.DoubleType, false)
                    .add("relativeErrorBound", DataTypes.DoubleType, false);
            spark.createDataFrame(rows, schema).orderBy("node").write().parquet(out.path("total-communicability"));
            List<Row> top = spark.read().parquet(out.path("total-communicability"))
                    .orderBy(col("scaled").desc()).limit(10).collectAsList();
            @SuppressWarnings("unchecked")
            Map<String, Object> s = (Map<String, Object>) summary.get("total");
            List<Map<String, Object>> topNodes = new ArrayList<>();
            for (Row r : top) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("node", r.get(0));
                e.put("totalCommunicability", json(r.getDouble(1)));
                e.put("scaled", r.getDouble(2));
                e.put("normalized", r.getDouble(3));
                topNodes.add(e);
            }
            s.put("vectorLogScale", totalLogScale);
            s.put("vectorErrorBound", json(bound));
            s.put("vectorErrorBoundMeaning", "estimated bound on every entry's absolute error (the same for all"
                    + " nodes): max(Lanczos error estimate ||1|| beta_k |e_k^T f(T_k) e_1|, rounding floor"
                    + " 16 eps (1 + |beta| max|theta|) ||f(T_k) e_1|| ||1||); entries far below it are not resolved"
                    + " (see relativeErrorBound per node)");
            s.put("vectorPath", "total-communicability");
            s.put("topNodes", topNodes);
        }
        if (diag) {
            double pScale = Math.exp(probeLogScale);
            double pNorm = Math.exp(probeLogScale - logNorm);
            JavaRDD<Row> rows = perNode.map(o -> centralityRow(o[0], (double) o[2], (double) o[3], pScale, t95,
                    pNorm));
            spark.createDataFrame(rows, centralitySchema(idType)).orderBy("node").write()
                    .parquet(out.path("subgraph-centrality-estimated"));
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("path", "subgraph-centrality-estimated");
            s.put("logScale", probeLogScale);
            s.put("probes", mProbes);
            s.put("seed", req.seed());
            s.put("method", "diagonal estimator mean over probes of z o f(A) z (Rademacher z; f(A) z by Lanczos,"
                    + " ||z|| Q_k f(T_k) e_1); 95% Student-t interval per node, mean +- t(0.975, M-1) standard errors");
            summary.put("subgraphCentralityAll", s);
        }
        perNode.unpersist(false);
    }

    /**
     * One row of subgraph-centrality-estimated/: the node, the estimate and its standard error (scaled, in the
     * probes' scale pScale), the 95% Student-t interval (t95 standard errors), the unscaled mean and standard
     * error, and the normalized value (pNorm).
     */
    static Row centralityRow(Object node, double mean, double se, double pScale, double t95, double pNorm) {
        return RowFactory.create(node, mean * pScale, se * pScale, (mean - t95 * se) * pScale,
                (mean + t95 * se) * pScale, mean, se, mean * pNorm);
    }

    /** The columns of subgraph-centrality-estimated/ ({@link #centralityRow}), with the node ids' type. */
    static StructType centralitySchema(org.apache.spark.sql.types.DataType idType) {
        return new StructType().add("node", idType, false)
                .add("subgraphCentrality", DataTypes.DoubleType, false)
                .add("standardError", DataTypes.DoubleType, false)
                .add("lower95", DataTypes.DoubleType, false)
                .add("upper95", DataTypes.DoubleType, false)
                .add("scaled", DataTypes.DoubleType, false)
                .add("scaledStandardError", DataTypes.DoubleType, false)
                .add("normalized", DataTypes.DoubleType, false);
    }

    static Map<String, Object> writeUnits(SparkSession spark, OutputDirectory out, String name,
                                                  List<Requested> order, NodeIds ids, double logNorm) {
        List<Row> rows = new ArrayList<>();
        double maxErr = 0.0;
        Map<String, Integer> terms = new LinkedHashMap<>();
        Map<String, Integer> methods = new LinkedHashMap<>();
        int certified = 0;
        double maxWidth = 0.0;
        for (Requested req : order) {
            BatchQuadrature.ItemResult r = req.unit().result;
            maxErr = Math.max(maxErr, r.errorEstimate());
            terms.merge(r.termination().name(), 1, Integer::sum);
            ValueBounds b = r.bounds();
            Double lower = b == null || Double.isInfinite(b.lower().scaled()) ? null : b.lower().value();
            Double upper = b == null || Double.isInfinite(b.upper().scaled()) ? null : b.upper().value();
            if (b != null && b.certified()) {
                certified++;
            }
            if (b != null && b.twoSided()) {
                maxWidth = Math.max(maxWidth, b.relativeWidth());
            }
            rows.add(RowFactory.create(ids.ofId(req.src()), ids.ofId(req.dst()), r.value().value(), r.value().logAbsValue(),
                    normalized(r.value(), logNorm), r.errorEstimate(), r.roundingBound(), r.termination().name(),
                    r.steps(), req.unit().method, lower, upper, b != null && b.certified()));
            methods.merge(req.unit().method, 1, Integer::sum);
        }
        StructType schema = new StructType().add("src", ids.type(), false)
                .add("dst", ids.type(), false)
                .add("value", DataTypes.DoubleType, false)
                .add("logAbsValue", DataTypes.DoubleType, false)
                .add("normalized", DataTypes.DoubleType, false)
                .add("errorEstimate", DataTypes.DoubleType, false)
                .add("roundingBound", DataTypes.DoubleType, false)
                .add("termination", DataTypes.StringType, false)
                .add("steps", DataTypes.IntegerType, false)
                .add("method", DataTypes.StringType, false)
                .add("lower", DataTypes.DoubleType, true)
                .add("upper", DataTypes.DoubleType, true)
                .add("certified", DataTypes.BooleanType, false);
        spark.createDataFrame(rows, schema).coalesce(1).write().parquet(out.path(name));
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("count", order.size());
        s.put("path", name);
        s.put("maxErrorEstimate", json(maxErr));
        s.put("terminations", terms);
        s.put("methods", methods);
        s.put("certified", certified);
        s.put("maxRelativeWidth", json(maxWidth));
        return s;
    }

    /** Edge sensitivities of one measure at a time, appended to DIR/sensitivities (and DIR/candidates). */
    static final class SensitivityWriter {
        private final SparkSession spark;
        private final OutputDirectory out;
        private final Broadcast<NodeIds> ids;
        private final List<Map<String, Object>> measures = new ArrayList<>();
        private int count;
        private final StructType schema;
        private static final StructType SCHEMA_TAIL = new StructType()
                .add("sensitivity", DataTypes.DoubleType, false)
                .add("scaled", DataTypes.DoubleType, false)
                .add("relative", DataTypes.DoubleType, false);

        SensitivityWriter(SparkSession spark, OutputDirectory out, Broadcast<NodeIds> ids) {
            this.spark = spark;
            this.out = out;
            this.ids = ids;
            StructType t = new StructType().add("measure", DataTypes.StringType, false)
                    .add("src", ids.value().type(), false)
                    .add("dst", ids.value().type(), false);
            for (org.apache.spark.sql.types.StructField f : SCHEMA_TAIL.fields()) {
                t = t.add(f);
            }
            this.schema = t;
        }

        /** @return the node ids of the outputs */
        NodeIds nodeIds() {
            return ids.value();
        }

        int count() {
            return count;
        }

        /**
         * dF/dw on every stored edge (and at the candidate pairs) for the item of a finished pass whose basis was
         * kept. scaled = dF/dw / exp(logScale); relative = (dF/dw) / F.
         */
        void add(String measure, DistributedCsr a, DistributedLanczos l, BatchQuadrature.Item item,
                 BatchQuadrature.Result res, BatchQuadrature quad, long[][] candidates) {
            ScaledFunction sf = quad.scaleFor(item, res.columns());
            double value = BatchQuadrature.itemValue(item, res.columns(), sf);
            List<QuadratureRun> runs = BatchQuadrature.gradientRuns(item, res.columns(), sf);
            double scale = Math.exp(sf.logScale());
            double inverse = 1.0 / value;
            Broadcast<NodeIds> idsB = ids;
            JavaRDD<Row> rows = DistributedGradient.edges(a, l, runs).map(e -> {
                NodeIds id = idsB.value();
                return RowFactory.create(measure, id.ofIndex(e.row()), id.ofIndex(e.col()), e.gradient() * scale,
                        e.gradient(), e.gradient() * inverse);
            });
            spark.createDataFrame(rows, schema).write().mode(count == 0 ? SaveMode.ErrorIfExists : SaveMode.Append)
                    .parquet(out.path("sensitivities"));
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("measure", measure);
            s.put("logScale", sf.logScale());
            s.put("scaledValue", value);
            if (candidates != null) {
                s.put("candidates", candidates(measure, a, l, runs, candidates, scale, inverse));
            }
            measures.add(s);
            count++;
        }

        /**
         * The same rows as {@link #add} from arrays on the driver (the run-parallel mode): dF/dw per stored entry
         * of {@code a} in CSR order (one row per stored undirected edge, row <= col) and at the candidates.
         */
        void add(String measure, org.matfun.core.operator.CsrMatrix a, CommunicabilityRuns.Sensitivity g,
                 long[][] candidates) {
            double scale = Math.exp(g.logScale());
            double inverse = 1.0 / g.scaledValue();
            NodeIds id = ids.value();
            int n = a.dimension();
            int[] ptr = a.rowPointers();
            // the rows are made in the tasks, from broadcast arrays, one range of rows per core (a driver-side list
            // of one Row per edge costs seconds per million edges to convert and ships as one task)
            JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            Broadcast<Object[]> arrays = sc.broadcast(new Object[] {ptr, a.columnIndices(), g.perEntry()});
            int parts = Math.max(1, Math.min(n, sc.defaultParallelism()));
            List<int[]> ranges = new ArrayList<>();
            long nnz = ptr[n];
            int start = 0;
            for (int r = 1; r <= parts; r++) {
                int end = r == parts ? n : start;
                while (end < n && ptr[end] < nnz * r / parts) {
                    end++;
                }
                ranges.add(new int[] {start, end});
                start = end;
            }
            Broadcast<NodeIds> idsB = ids;
            JavaRDD<Row> rows = sc.parallelize(ranges, ranges.size()).flatMap(range -> {
                Object[] arr = arrays.value();
                int[] rp = (int[]) arr[0];
                int[] col = (int[]) arr[1];
                double[] d = (double[]) arr[2];
                NodeIds nid = idsB.value();
                List<Row> part = new ArrayList<>();
                for (int i = range[0]; i < range[1]; i++) {
                    for (int p = rp[i]; p < rp[i + 1]; p++) {
                        if (col[p] >= i) {
                            part.add(RowFactory.create(measure, nid.ofIndex(i), nid.ofIndex(col[p]), d[p] * scale, d[p],
                                    d[p] * inverse));
                        }
                    }
                }
                return part.iterator();
            });
            try {
                spark.createDataFrame(rows, schema).write().mode(count == 0 ? SaveMode.ErrorIfExists : SaveMode.Append)
                        .parquet(out.path("sensitivities"));
            } finally {
                arrays.destroy();
            }
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("measure", measure);
            s.put("logScale", g.logScale());
            s.put("scaledValue", g.scaledValue());
            if (candidates != null) {
                List<Row> cr = new ArrayList<>();
                for (int c = 0; c < candidates.length; c++) {
                    double x = g.candidates()[c];
                    cr.add(RowFactory.create(measure, id.ofIndex(candidates[c][0]), id.ofIndex(candidates[c][1]),
                            x * scale, x, x * inverse));
                }
                spark.createDataFrame(cr, schema).coalesce(1).write().mode(SaveMode.Append)
                        .parquet(out.path("candidates"));
                s.put("candidates", "candidates");
            }
            measures.add(s);
            count++;
        }

        private String candidates(String measure, DistributedCsr a, DistributedLanczos l, List<QuadratureRun> runs,
                                  long[][] pairs, double scale, double inverse) {
            long[] nodes = new long[2 * pairs.length];
            for (int i = 0; i < pairs.length; i++) {
                nodes[2 * i] = pairs[i][0];
                nodes[2 * i + 1] = pairs[i][1];
            }
            Map<Long, double[]> basisRows = new HashMap<>();
            for (Tuple2<Long, double[]> t : BasisCombination.rows(a, l, nodes)) {
                basisRows.put(t._1(), t._2());
            }
            int bs = runs.size();
            NodeIds id = ids.value();
            List<Row> rows = new ArrayList<>();
            for (long[] pq : pairs) {
                double[] xp = basisRows.get(pq[0]);
                double[] xq = basisRows.get(pq[1]);
                double g = 0.0;
                for (int r = 0; r < bs; r++) {
                    QuadratureRun run = runs.get(r);
                    int k = run.steps();
                    if (k == 0) {
                        continue;
                    }
                    double[] h = run.h();
                    double s = 0.0;
                    for (int i = 0; i < k; i++) {
                        double hp = 0.0;
                        for (int j = 0; j < k; j++) {
                            hp += h[i * k + j] * xq[j * bs + r];
                        }
                        s += xp[i * bs + r] * hp;
                    }
                    g += run.coefficient() * s;
                }
                double d = pq[0] == pq[1] ? g : 2.0 * g;
                rows.add(RowFactory.create(measure, id.ofIndex(pq[0]), id.ofIndex(pq[1]), d * scale, d, d * inverse));
            }
            spark.createDataFrame(rows, schema).coalesce(1).write()
                    .mode(SaveMode.Append)
                    .parquet(out.path("candidates"));
            return "candidates";
        }

        /** Top N by |dF/dw| per measure. */
        List<Map<String, Object>> finish(int top) {
            Dataset<Row> all = spark.read().parquet(out.path("sensitivities"));
            List<Row> best = all.withColumn("rank", row_number().over(Window.partitionBy("measure")
                            .orderBy(abs(col("scaled")).desc(), col("src"), col("dst"))))
                    .where(col("rank").leq(top)).orderBy(col("measure"), col("rank")).collectAsList();
            Map<String, List<Map<String, Object>>> byMeasure = new HashMap<>();
            for (Row r : best) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("src", r.get(1));
                e.put("dst", r.get(2));
                e.put("sensitivity", json(r.getDouble(3)));
                e.put("scaled", r.getDouble(4));
                e.put("relative", r.getDouble(5));
                byMeasure.computeIfAbsent(r.getString(0), k -> new ArrayList<>()).add(e);
            }
            for (Map<String, Object> s : measures) {
                s.put("top", byMeasure.getOrDefault((String) s.get("measure"), List.of()));
            }
            measures.sort(Comparator.comparing(s -> (String) s.get("measure")));
            return measures;
        }
    }
}
