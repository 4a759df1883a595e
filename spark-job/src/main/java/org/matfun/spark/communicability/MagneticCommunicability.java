package org.matfun.spark.communicability;

import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.matfun.core.bilinear.ValueBounds;
import org.matfun.core.hermitian.HermitianCsrMatrix;
import org.matfun.core.hermitian.MagneticOperator;
import org.matfun.core.lanczos.Termination;
import org.matfun.core.quadrature.ScaledValue;
import org.matfun.core.trace.IntervalEstimate;
import org.matfun.core.trace.StudentT;
import org.matfun.spark.communicability.CommunicabilityJob.Requested;
import org.matfun.spark.communicability.CommunicabilityJob.Unit;
import org.matfun.spark.io.DirectedGraph;
import org.matfun.spark.io.InputException;
import org.matfun.spark.io.LoadedMatrix;
import org.matfun.spark.io.MatrixEntry;
import org.matfun.spark.jobs.OutputDirectory;
import scala.Tuple2;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.matfun.spark.communicability.CommunicabilityJob.json;
import static org.matfun.spark.communicability.CommunicabilitySummaries.normalized;

/**
 * Communicability of a directed graph through its magnetic operator (issue 14): G = exp(beta H) with the magnetic
 * adjacency H = H^(q), or exp(-beta L) with the magnetic Laplacian L = D_s - H^(q) ({@link MagneticOperator}:
 * H_pq = w_s(p, q) exp(i 2 pi q (a_pq - a_qp)), w_s = (w_pq + w_qp) / 2; Y. Zhang, X. He, S. Brugnone,
 * M. Perlmutter, M. Hirn, "MagNet: A Neural Network for Directed Graphs", NeurIPS 2021; M. Fanuel, C. M. Alaiz,
 * J. A. K. Suykens, "Magnetic eigenmaps for community detection in directed networks", Phys. Rev. E 95, 022302,
 * 2017). q = 0 is the symmetrized graph (A + A^T) / 2.
 *
 * <p>IMPLEMENTATION NOTES. H = X + iY (X symmetric, Y antisymmetric) of order n is computed through its real
 * interleaved embedding M of order 2n, M[2p,2q] = M[2p+1,2q+1] = X_pq, M[2p+1,2q] = Y_pq, M[2p,2q+1] = -Y_pq: real
 * symmetric, z -> (Re z_0, Im z_0, Re z_1, ...) maps H z to M z, so f(M) is the embedding of f(H) for every real f,
 * with the same eigenvalues (each twice). With E = f(M) (f = exp(beta x), or exp(-beta x) for L):
 * <ul>
 *   <li>G_pq = E[2p,2q] + i E[2p+1,2q]: two real entries of E, each by the real job's pair machinery (polarization
 *       on e_2p +- e_2q and on e_2p+1 +- e_2q); G_qp = conj(G_pq) (one computation for both orders);</li>
 *   <li>subgraph centrality G_pp = E[2p,2p] (real; a listed node is one e_2p run);</li>
 *   <li>total communicability 1^T G 1 = (1/2) 1_2n^T E 1_2n (the 2n ones vector embeds (1 + i) 1, and
 *       |1 + i|^2 = 2); the node vector G 1 from y = E 1_2n: Re (G 1)_p = (y_2p + y_2p+1) / 2,
 *       Im (G 1)_p = (y_2p+1 - y_2p) / 2;</li>
 *   <li>Estrada index tr G = tr E / 2 (SLQ with Rademacher probes of length 2n, mean, standard error and interval
 *       halved); every node's G_pp by the diagonal estimator as the mean of its two estimates E[2p,2p] and
 *       E[2p+1,2p+1], with (se_2p + se_2p+1) / 2 as its standard error (an upper bound of the standard error of the
 *       mean of two correlated estimates).</li>
 * </ul>
 * Pair methods: polarization, and auto, whose Taylor refinement needs a nonnegative matrix: it runs only when the
 * embedding has no negative entry (q = 0 with nonnegative weights); otherwise the pairs keep their polarization value
 * and roundingBound (as for the Laplacian). The Collatz-Wielandt radius bound of the run-parallel Taylor rule is
 * therefore only ever used on a nonnegative embedding. One-sided and taylor are refused by the command.
 * Sensitivities (magnetic adjacency) are folded from the embedding's entries ({@link #foldSensitivities}): of the
 * real measures (total, nodes, Estrada) and of Re G_pq and Im G_pq (measures pair:P:Q:re, pair:P:Q:im); candidates
 * are refused.
 *
 * <p>Cost: the graph is read and H built on the driver (O(m log m), small graphs: DirectedGraph); the embedding has
 * order 2n and at most 4 nnz(H) stored entries, so each Lanczos product costs up to twice a complex one. A complex
 * pair costs two real pairs (four Lanczos columns).
 */
final class MagneticCommunicability {

    private MagneticCommunicability() {
    }

    /** A requested complex pair: G_src,dst from E[re unit] + i E[im unit] (conjugated when src > dst). */
    record ComplexRequested(Unit re, Unit im, long src, long dst, boolean conjugate) {
    }

    /**
     * Runs the job on the embedding and writes the complex outputs into {@code out} (not committed).
     *
     * @return the summary fields (n and nnz of H; the embedding's in "embedding")
     * @throws InputException for a malformed graph or list file
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> run(SparkSession spark, CommunicabilityRequest req, OutputDirectory out) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        long t0 = System.nanoTime();
        DirectedGraph g = DirectedGraph.read(sc.hadoopConfiguration(), req.graph(), req.format());
        double[] w = g.w();
        if (!req.weights()) {
            w = new double[w.length];
            Arrays.fill(w, 1.0);
        }
        boolean laplacian = req.operator() == GraphOperator.Kind.MAGNETIC_LAPLACIAN;
        HermitianCsrMatrix h = laplacian ? MagneticOperator.laplacian(g.src(), g.dst(), w, g.n(), req.charge())
                : MagneticOperator.adjacency(g.src(), g.dst(), w, g.n(), req.charge());
        List<MatrixEntry> entries = embedding(h);
        if (h.nonzeros() == 0) {
            throw new InputException(req.graph(), "the magnetic operator has no stored entry");
        }
        int n = g.n();
        int parts = Math.max(1, req.partitions());
        JavaRDD<MatrixEntry> rdd = sc.parallelize(entries, parts).persist(StorageLevel.MEMORY_AND_DISK());
        List<Tuple2<Long, Long>> identity = new ArrayList<>(2 * n);
        for (long i = 0; i < 2L * n; i++) {
            identity.add(new Tuple2<>(i, i));
        }
        JavaPairRDD<Long, Long> idToIndex = sc.parallelizePairs(identity, parts);
        LoadedMatrix m = new LoadedMatrix(req.graph() + " (real embedding of " + req.operatorText() + ")", 2L * n,
                entries.size(), rdd, idToIndex, true);
        NodeIds ids = NodeIds.of(m);
        long[] original = g.ids();

        Map<String, Unit> units = new LinkedHashMap<>();
        List<Requested> nodeOrder = new ArrayList<>();
        List<ComplexRequested> pairOrder = new ArrayList<>();
        if (req.nodesFile() != null) {
            for (NodeLists.Line l : NodeLists.read(sc.hadoopConfiguration(), req.nodesFile(), 1, null, req.graph())) {
                long p = 2L * index(original, l, 0, req);
                nodeOrder.add(new Requested(units.computeIfAbsent(p + ":" + p, k -> new Unit(p, p, ids,
                        req.pairMethod())), l.ids()[0], l.ids()[0]));
            }
        }
        if (req.pairsFile() != null) {
            for (NodeLists.Line l : NodeLists.read(sc.hadoopConfiguration(), req.pairsFile(), 2, null, req.graph())) {
                int p = index(original, l, 0, req);
                int q = index(original, l, 1, req);
                long a = 2L * Math.min(p, q);
                long b = 2L * Math.max(p, q);
                Unit re = units.computeIfAbsent(a + ":" + b, k -> new Unit(a, b, ids, req.pairMethod()));
                Unit im = p == q ? null : units.computeIfAbsent((a + 1) + ":" + b, k -> new Unit(a + 1, b, ids,
                        req.pairMethod()));
                pairOrder.add(new ComplexRequested(re, im, l.ids()[0], l.ids()[1], p > q));
            }
        }
        boolean psd = laplacian && minimum(w) >= 0;
        Map<String, Object> summary = CommunicabilityJob.compute(spark, req, out, m, ids,
                new ArrayList<>(units.values()), null, req.sensitivities("nodes") && !nodeOrder.isEmpty()
                        || req.sensitivities("pairs") && !pairOrder.isEmpty(),
                (sp, o, perNode, idType, total, diag, r, totalLogScale, totalErrorBound, probeLogScale, logNorm,
                 mProbes, s) -> writeNodeTables(sp, o, perNode.collect(), original, total, diag, r, totalLogScale,
                        totalErrorBound, probeLogScale, logNorm, mProbes, s),
                (s, logNorm) -> {
                    if (!pairOrder.isEmpty()) {
                        s.put("pairs", writePairs(spark, out, pairOrder, logNorm));
                    }
                    if (!nodeOrder.isEmpty()) {
                        s.put("subgraphCentrality", CommunicabilityOutputs.writeUnits(spark, out,
                                "subgraph-centrality", nodeOrder, ids, logNorm));
                    }
                }, psd, t0);
        if (summary.containsKey("sensitivities")) {
            summary.put("sensitivities", foldSensitivities(spark, out, original, req.sensitivitiesTop(),
                    (List<Map<String, Object>>) summary.get("sensitivities")));
        }
        halve(summary, "total");
        halve(summary, "estrada");
        if (summary.get("estrada") instanceof Map<?, ?> e) {
            @SuppressWarnings("unchecked")
            Map<String, Object> es = (Map<String, Object>) e;
            es.put("method", es.get("method") + "; on the real embedding M of order 2n: tr G = tr exp(M) / 2"
                    + " (value, standard error and interval halved)");
        }
        summary.put("n", (long) n);
        summary.put("nnz", h.nonzeros());
        Map<String, Object> emb = new LinkedHashMap<>();
        emb.put("order", 2L * n);
        emb.put("nnz", (long) entries.size());
        emb.put("meaning", "H = X + iY computed through the real symmetric M of order 2n, M[2p,2q] = M[2p+1,2q+1] ="
                + " X_pq, M[2p+1,2q] = Y_pq, M[2p,2q+1] = -Y_pq; G_pq = E[2p,2q] + i E[2p+1,2q] with E = f(M);"
                + " spectrum, lambda estimates and passes refer to M (the eigenvalues of H, each twice)");
        emb.put("minEntry", minEntry(entries));
        summary.put("embedding", emb);
        return summary;
    }

    /**
     * Replaces the embedding's sensitivities/ (dF/dw per stored entry i <= j of M, w the symmetric weight of M_ij
     * and M_ji) by the derivatives with respect to Re and Im of H_pq, p <= q (a Hermitian perturbation: H_qp
     * changes by the conjugate): dF/dRe H_pq = S(2p,2q) + S(2p+1,2q+1), dF/dIm H_pq = S(2p+1,2q) - S(2p,2q+1)
     * (Re H_pq sits at [2p,2q] and [2p+1,2q+1], Im H_pq at [2p+1,2q] with + and at [2p,2q+1] with -, each with its
     * mirror); total and Estrada are x^T E x / 2 and tr E / 2, so their derivatives are halved (relative ones are
     * not). Node measures are renamed to the original ids. The rows are folded on the driver (the graph was read
     * there).
     *
     * @return the summary's sensitivities list, with the top N by |(dRe, dIm)| per measure
     */
    static List<Map<String, Object>> foldSensitivities(SparkSession spark, OutputDirectory out, long[] ids, int top,
                                                       List<Map<String, Object>> measures) {
        List<Row> raw = spark.read().parquet(out.path("sensitivities")).collectAsList();
        Map<String, double[]> folded = new java.util.TreeMap<>();
        for (Row r : raw) {
            String measure = r.getString(0);
            long i = r.getLong(1);
            long j = r.getLong(2);
            double c = measure.equals("total") || measure.equals("estrada") ? 0.5 : 1.0;
            int part;
            double sign;
            if (i % 2 == j % 2) {
                part = 0;
                sign = 1.0;
            } else {
                part = 1;
                sign = i % 2 == 1 ? 1.0 : -1.0;
            }
            long p = Math.min(i / 2, j / 2);
            long q = Math.max(i / 2, j / 2);
            String key = rename(measure, ids) + "\t" + p + "\t" + q;
            double[] v = folded.computeIfAbsent(key, k -> new double[6]);
            v[part] += c * sign * r.getDouble(3);
            v[2 + part] += c * sign * r.getDouble(4);
            v[4 + part] += sign * r.getDouble(5);
        }
        List<Row> rows = new ArrayList<>(folded.size());
        Map<String, List<Object[]>> byMeasure = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> e : folded.entrySet()) {
            String[] k = e.getKey().split("\t");
            double[] v = e.getValue();
            long src = ids[Integer.parseInt(k[1])];
            long dst = ids[Integer.parseInt(k[2])];
            rows.add(RowFactory.create(k[0], src, dst, v[0], v[1], v[2], v[3], v[4], v[5]));
            byMeasure.computeIfAbsent(k[0], x -> new ArrayList<>()).add(new Object[] {src, dst, v});
        }
        StructType schema = new StructType().add("measure", DataTypes.StringType, false)
                .add("src", DataTypes.LongType, false)
                .add("dst", DataTypes.LongType, false)
                .add("dRe", DataTypes.DoubleType, false)
                .add("dIm", DataTypes.DoubleType, false)
                .add("scaledRe", DataTypes.DoubleType, false)
                .add("scaledIm", DataTypes.DoubleType, false)
                .add("relativeRe", DataTypes.DoubleType, false)
                .add("relativeIm", DataTypes.DoubleType, false);
        deleteTable(spark, out.path("sensitivities"));
        spark.createDataFrame(rows, schema).coalesce(1).write().parquet(out.path("sensitivities"));
        List<Map<String, Object>> result = new ArrayList<>();
        for (Map<String, Object> m : measures) {
            Map<String, Object> s = new LinkedHashMap<>(m);
            String name = rename((String) m.get("measure"), ids);
            s.put("measure", name);
            if ((name.equals("total") || name.equals("estrada")) && s.get("scaledValue") instanceof Number x) {
                s.put("scaledValue", x.doubleValue() / 2);
            }
            List<Object[]> all = new ArrayList<>(byMeasure.getOrDefault(name, List.of()));
            all.sort(Comparator.comparingDouble((Object[] o) -> -Math.hypot(((double[]) o[2])[2],
                    ((double[]) o[2])[3])));
            List<Map<String, Object>> best = new ArrayList<>();
            for (int t = 0; t < Math.min(top, all.size()); t++) {
                double[] v = (double[]) all.get(t)[2];
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("src", all.get(t)[0]);
                e.put("dst", all.get(t)[1]);
                e.put("dRe", json(v[0]));
                e.put("dIm", json(v[1]));
                e.put("scaledRe", v[2]);
                e.put("scaledIm", v[3]);
                e.put("relativeRe", v[4]);
                e.put("relativeIm", v[5]);
                best.add(e);
            }
            s.put("top", best);
            s.put("columns", "dRe = dF/dRe H_pq, dIm = dF/dIm H_pq (p <= q, H_qp = conj(H_pq) moves with it);"
                    + " top by |(scaledRe, scaledIm)|");
            result.add(s);
        }
        return result;
    }

    /**
     * node:I (an embedding index 2p) to node:ID; pair:I:J (I < J) to pair:P:Q:re for (2p, 2q), the unit of
     * Re G_pq, and pair:P:Q:im for (2p+1, 2q), the unit of Im G_pq (p < q by index; G_qp = conj(G_pq)); other
     * measure names unchanged.
     */
    static String rename(String measure, long[] ids) {
        if (measure.startsWith("node:")) {
            return "node:" + ids[Integer.parseInt(measure.substring(5)) / 2];
        }
        if (measure.startsWith("pair:")) {
            String[] t = measure.split(":");
            int i = Integer.parseInt(t[1]);
            int j = Integer.parseInt(t[2]);
            return "pair:" + ids[i / 2] + ":" + ids[j / 2] + (i % 2 == 1 ? ":im" : ":re");
        }
        return measure;
    }

    private static void deleteTable(SparkSession spark, String path) {
        try {
            org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
            p.getFileSystem(spark.sparkContext().hadoopConfiguration()).delete(p, true);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot replace " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * The stored entries of the real embedding of {@code h}, both triangles: the four positions of every stored
     * off-diagonal H_pq (zeros included, so that every edge has its Re and Im sensitivity), the two of a diagonal.
     */
    static List<MatrixEntry> embedding(HermitianCsrMatrix h) {
        int[] ptr = h.rowPointers();
        int[] col = h.columnIndices();
        double[] re = h.realParts();
        double[] im = h.imaginaryParts();
        List<MatrixEntry> out = new ArrayList<>(4 * col.length);
        for (int p = 0; p < h.dimension(); p++) {
            for (int k = ptr[p]; k < ptr[p + 1]; k++) {
                long r = 2L * p;
                long c = 2L * col[k];
                out.add(new MatrixEntry(r, c, re[k]));
                out.add(new MatrixEntry(r + 1, c + 1, re[k]));
                if (col[k] != p) { // Im H_pp = 0: a Hermitian diagonal is real
                    out.add(new MatrixEntry(r + 1, c, im[k]));
                    out.add(new MatrixEntry(r, c + 1, -im[k]));
                }
            }
        }
        return out;
    }

    private static int index(long[] ids, NodeLists.Line l, int field, CommunicabilityRequest req) {
        long id = l.ids()[field];
        int i = Arrays.binarySearch(ids, id);
        if (i < 0) {
            String file = l.ids().length == 2 ? req.pairsFile() : req.nodesFile();
            throw new InputException(file, l.line(), String.valueOf(id), "node " + id + " is not a node of "
                    + req.graph());
        }
        return i;
    }

    private static double minimum(double[] w) {
        double m = Double.POSITIVE_INFINITY;
        for (double x : w) {
            m = Math.min(m, x);
        }
        return m;
    }

    private static double minEntry(List<MatrixEntry> entries) {
        double m = Double.POSITIVE_INFINITY;
        for (MatrixEntry e : entries) {
            m = Math.min(m, e.value());
        }
        return m;
    }

    /** Halves the linear fields of a summary value (x^T E x / 2, tr E / 2); logAbsValue - log 2. */
    @SuppressWarnings("unchecked")
    private static void halve(Map<String, Object> summary, String key) {
        if (!(summary.get(key) instanceof Map<?, ?> raw)) {
            return;
        }
        Map<String, Object> s = (Map<String, Object>) raw;
        for (String f : List.of("value", "normalized", "errorEstimate", "lower", "upper", "standardError", "lower95",
                "upper95", "scaledValue", "scaledStandardError", "scaledLower95", "scaledUpper95")) {
            if (s.get(f) instanceof Number x) {
                s.put(f, x.doubleValue() / 2);
            }
        }
        if (s.get("logAbsValue") instanceof Number x) {
            s.put("logAbsValue", x.doubleValue() - Math.log(2));
        }
    }

    /** The complex pairs table (one row per input line, input order) and its summary. */
    static Map<String, Object> writePairs(SparkSession spark, OutputDirectory out, List<ComplexRequested> order,
                                          double logNorm) {
        List<Row> rows = new ArrayList<>();
        double maxErr = 0.0;
        Map<String, Integer> terms = new LinkedHashMap<>();
        Map<String, Integer> methods = new LinkedHashMap<>();
        int certified = 0;
        for (ComplexRequested c : order) {
            BatchQuadrature.ItemResult r = c.re().result;
            BatchQuadrature.ItemResult i = c.im() == null ? null : c.im().result;
            double sign = c.conjugate() ? -1.0 : 1.0;
            ScaledValue reV = r.value();
            ScaledValue imV = i == null ? new ScaledValue(0.0, 0.0) : i.value().times(sign);
            double laR = reV.logAbsValue();
            double laI = imV.logAbsValue();
            double top = Math.max(laR, laI);
            double logAbs = top == Double.NEGATIVE_INFINITY ? top
                    : top + 0.5 * Math.log1p(Math.exp(2 * (Math.min(laR, laI) - top)));
            double arg = top == Double.NEGATIVE_INFINITY ? 0.0
                    : Math.atan2(imV.sign() * Math.exp(laI - top), reV.sign() * Math.exp(laR - top));
            double imErr = i == null ? 0.0 : i.errorEstimate();
            maxErr = Math.max(maxErr, Math.max(r.errorEstimate(), imErr));
            Termination t = i == null ? r.termination() : worse(r.termination(), i.termination());
            terms.merge(t.name(), 1, Integer::sum);
            String method = c.re().method + (c.im() == null || c.im().method.equals(c.re().method) ? ""
                    : "/" + c.im().method);
            methods.merge(method, 1, Integer::sum);
            Double[] reB = bounds(r.bounds(), 1.0);
            Double[] imB = i == null ? new Double[] {0.0, 0.0} : bounds(i.bounds(), sign);
            boolean cert = r.bounds() != null && r.bounds().certified()
                    && (i == null || i.bounds() != null && i.bounds().certified());
            if (cert) {
                certified++;
            }
            rows.add(RowFactory.create(c.src(), c.dst(), reV.value(), imV.value(), Math.exp(logAbs), arg, logAbs,
                    normalized(reV, logNorm), normalized(imV, logNorm), r.errorEstimate(), imErr, r.roundingBound(),
                    i == null ? 0.0 : i.roundingBound(), r.termination().name(),
                    i == null ? r.termination().name() : i.termination().name(),
                    Math.max(r.steps(), i == null ? 0 : i.steps()), method, reB[0], reB[1], imB[0], imB[1], cert));
        }
        StructType schema = new StructType().add("src", DataTypes.LongType, false)
                .add("dst", DataTypes.LongType, false)
                .add("re", DataTypes.DoubleType, false)
                .add("im", DataTypes.DoubleType, false)
                .add("abs", DataTypes.DoubleType, false)
                .add("arg", DataTypes.DoubleType, false)
                .add("logAbsValue", DataTypes.DoubleType, false)
                .add("normalizedRe", DataTypes.DoubleType, false)
                .add("normalizedIm", DataTypes.DoubleType, false)
                .add("reErrorEstimate", DataTypes.DoubleType, false)
                .add("imErrorEstimate", DataTypes.DoubleType, false)
                .add("reRoundingBound", DataTypes.DoubleType, false)
                .add("imRoundingBound", DataTypes.DoubleType, false)
                .add("reTermination", DataTypes.StringType, false)
                .add("imTermination", DataTypes.StringType, false)
                .add("steps", DataTypes.IntegerType, false)
                .add("method", DataTypes.StringType, false)
                .add("reLower", DataTypes.DoubleType, true)
                .add("reUpper", DataTypes.DoubleType, true)
                .add("imLower", DataTypes.DoubleType, true)
                .add("imUpper", DataTypes.DoubleType, true)
                .add("certified", DataTypes.BooleanType, false);
        spark.createDataFrame(rows, schema).coalesce(1).write().parquet(out.path("pairs"));
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("count", order.size());
        s.put("path", "pairs");
        s.put("maxErrorEstimate", json(maxErr));
        s.put("terminations", terms);
        s.put("methods", methods);
        s.put("certified", certified);
        s.put("columns", "G_pq = re + i im (complex Hermitian: G_qp = conj(G_pq)); re = E[2p,2q], im = E[2p+1,2q] of"
                + " the real embedding, each with its own error estimate, roundingBound, termination and bounds");
        return s;
    }

    /** The worse of two terminations: STEP_BUDGET over CONVERGED over INVARIANT_SUBSPACE. */
    private static Termination worse(Termination a, Termination b) {
        if (a == Termination.STEP_BUDGET || b == Termination.STEP_BUDGET) {
            return Termination.STEP_BUDGET;
        }
        return a == Termination.CONVERGED || b == Termination.CONVERGED ? Termination.CONVERGED : a;
    }

    /** {lower, upper} of sign * value, null where not available. */
    private static Double[] bounds(ValueBounds b, double sign) {
        if (b == null) {
            return new Double[] {null, null};
        }
        Double lo = Double.isInfinite(b.lower().scaled()) ? null : sign * b.lower().value();
        Double hi = Double.isInfinite(b.upper().scaled()) ? null : sign * b.upper().value();
        return sign > 0 ? new Double[] {lo, hi} : new Double[] {hi, lo};
    }

    /**
     * The node tables of the magnetic job from the embedding's rows {index in [0, 2n), scaled y_i, scaled diagonal
     * mean, its s.e.}: total-communicability/ (complex (G 1)_p) and subgraph-centrality-estimated/ (real G_pp), with
     * the original ids; 2n rows on the driver (the graph was read there).
     */
    static void writeNodeTables(SparkSession spark, OutputDirectory out, List<Object[]> perNode, long[] ids,
                                boolean total, boolean diag, CommunicabilityRequest req, double totalLogScale,
                                double totalErrorBound, double probeLogScale, double logNorm, int mProbes,
                                Map<String, Object> summary) {
        int n = ids.length;
        double[] y = new double[2 * n];
        double[] mean = new double[2 * n];
        double[] se = new double[2 * n];
        for (Object[] o : perNode) {
            int i = (int) (long) (Long) o[0];
            y[i] = (double) o[1];
            mean[i] = (double) o[2];
            se[i] = (double) o[3];
        }
        if (total) {
            double tScale = Math.exp(totalLogScale);
            double tNorm = Math.exp(totalLogScale - logNorm);
            double bound = totalErrorBound * tScale;
            List<Row> rows = new ArrayList<>(n);
            Integer[] order = new Integer[n];
            double[] abs = new double[n];
            for (int p = 0; p < n; p++) {
                double re = (y[2 * p] + y[2 * p + 1]) / 2;
                double im = (y[2 * p + 1] - y[2 * p]) / 2;
                abs[p] = Math.hypot(re, im);
                order[p] = p;
                rows.add(RowFactory.create(ids[p], re * tScale, im * tScale, abs[p] * tScale, re, im, re * tNorm,
                        im * tNorm, bound, totalErrorBound / abs[p]));
            }
            StructType schema = new StructType().add("node", DataTypes.LongType, false)
                    .add("re", DataTypes.DoubleType, false)
                    .add("im", DataTypes.DoubleType, false)
                    .add("abs", DataTypes.DoubleType, false)
                    .add("scaledRe", DataTypes.DoubleType, false)
                    .add("scaledIm", DataTypes.DoubleType, false)
                    .add("normalizedRe", DataTypes.DoubleType, false)
                    .add("normalizedIm", DataTypes.DoubleType, false)
                    .add("errorBound", DataTypes.DoubleType, false)
                    .add("relativeErrorBound", DataTypes.DoubleType, false);
            spark.createDataFrame(rows, schema).coalesce(1).write().parquet(out.path("total-communicability"));
            Arrays.sort(order, Comparator.comparingDouble((Integer p) -> -abs[p]));
            List<Map<String, Object>> topNodes = new ArrayList<>();
            for (int k = 0; k < Math.min(10, n); k++) {
                int p = order[k];
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("node", ids[p]);
                e.put("re", json((y[2 * p] + y[2 * p + 1]) / 2 * tScale));
                e.put("im", json((y[2 * p + 1] - y[2 * p]) / 2 * tScale));
                e.put("abs", json(abs[p] * tScale));
                topNodes.add(e);
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> s = (Map<String, Object>) summary.get("total");
            s.put("vectorLogScale", totalLogScale);
            s.put("vectorErrorBound", json(bound));
            s.put("vectorErrorBoundMeaning", "estimated bound on the absolute error of every entry's re and im (the"
                    + " same for all nodes): the 2-norm error bound of the embedding's vector E 1_2n (max(Lanczos error"
                    + " estimate, rounding floor), as for the real operators), which bounds (y_2p +- y_2p+1) / 2");
            s.put("vectorPath", "total-communicability");
            s.put("topNodes", topNodes);
            s.put("topNodesOrder", "by |(G 1)_p|");
        }
        if (diag) {
            double t95 = mProbes > 1 ? StudentT.twoSidedQuantile(IntervalEstimate.COVERAGE, mProbes - 1) : Double.NaN;
            double pScale = Math.exp(probeLogScale);
            double pNorm = Math.exp(probeLogScale - logNorm);
            List<Row> rows = new ArrayList<>(n);
            for (int p = 0; p < n; p++) {
                double mu = (mean[2 * p] + mean[2 * p + 1]) / 2;
                double s = (se[2 * p] + se[2 * p + 1]) / 2;
                rows.add(CommunicabilityOutputs.centralityRow(ids[p], mu, s, pScale, t95, pNorm));
            }
            spark.createDataFrame(rows, CommunicabilityOutputs.centralitySchema(DataTypes.LongType)).coalesce(1).write().parquet(out.path("subgraph-centrality-estimated"));
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("path", "subgraph-centrality-estimated");
            s.put("logScale", probeLogScale);
            s.put("probes", mProbes);
            s.put("seed", req.seed());
            s.put("method", "diagonal estimator on the real embedding M (Rademacher probes of length 2n): G_pp is the"
                    + " mean of the estimates of E[2p,2p] and E[2p+1,2p+1] (both equal G_pp), standard error"
                    + " (se_2p + se_2p+1) / 2 (an upper bound for the mean of two correlated estimates); 95% Student-t"
                    + " interval, mean +- t(0.975, M-1) standard errors");
            summary.put("subgraphCentralityAll", s);
        }
    }
}
