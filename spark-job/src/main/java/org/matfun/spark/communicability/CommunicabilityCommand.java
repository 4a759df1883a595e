package org.matfun.spark.communicability;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.apache.spark.sql.SparkSession;
import org.matfun.spark.io.InputFormat;
import org.matfun.spark.jobs.MatfunMain;
import org.matfun.spark.jobs.RunOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code matfun communicability}: communicability, subgraph centrality, total communicability, Estrada index. */
@Command(name = "communicability", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Graph communicability analytics with exp(beta A) (exp(-beta L) for the Laplacian) on Spark:",
            "pair communicabilities exp(beta A)_pq and subgraph centralities exp(beta A)_pp by batched Lanczos",
            "quadrature (all starting vectors of a pass advance together), total communicability 1^T exp(beta A) 1",
            "and its node vector, the Estrada index tr exp(beta A) and all subgraph centralities by Hutchinson/SLQ",
            "with 95%% intervals, and edge sensitivities dMeasure/dw (forward-only gradient).",
            "Outputs in DIR (written atomically): summary.json, pairs/, subgraph-centrality/,",
            "subgraph-centrality-estimated/, total-communicability/, sensitivities/, candidates/ (Parquet).",
            "Convention: the graph is undirected; repeated lines are one edge; a self-loop is a diagonal entry;",
            "--weights ignore sets every stored entry to 1, which is networkx's semantics (it binarizes A).",
            "Directed graphs (GML, edge list): --operator magnetic-adjacency:q=Q or magnetic-laplacian:q=Q, the",
            "complex Hermitian H_pq = w_s exp(i 2 pi Q (a_pq - a_qp)), L = D_s - H (MagNet, Zhang et al., NeurIPS",
            "2021; Fanuel et al. 2017), through its real embedding of order 2n: pairs G_pq complex (pairs/ re, im,",
            "abs, arg), centralities, total and Estrada real; Q = 0 is the symmetrized graph (w_pq + w_qp)/2.",
            "",
            "Exit codes: 0 done (see the terminations in summary.json), 1 computation failed, 2 bad input or usage."},
        footer = {"", "Example:",
            "  deploy/matfun communicability --graph ../shared/data/snap/CA-GrQc.txt.gz --pairs pairs.txt \\",
            "      --total --estrada --sensitivities top:100 --output /tmp/grqc-comm"})
public final class CommunicabilityCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger("org.matfun.communicability");

    @Option(names = "--graph", required = true, paramLabel = "PATH",
            description = "Edge list, CSV edge table, GML graph or Matrix Market file (.gz allowed).")
    String graph;

    @Option(names = "--format", paramLabel = "mtx|edgelist|csv|gml|parquet|orc|table",
            description = "Input format (default: from the file name: .mtx, .csv, .gml, .parquet, .orc, otherwise"
                    + " edge list; table: --graph is a catalog table name).")
    String format;

    @Mixin
    org.matfun.spark.jobs.TableOptions table = new org.matfun.spark.jobs.TableOptions();

    @Option(names = "--beta", defaultValue = "1.0", paramLabel = "BETA",
            description = "beta in exp(beta A) (default: ${DEFAULT-VALUE}).")
    double beta;

    @Option(names = "--weights", defaultValue = "use", paramLabel = "use|ignore",
            description = "Use the edge weights, or set every edge to 1 (networkx's semantics) (default: ${DEFAULT-VALUE}).")
    String weights;

    @Option(names = "--operator", defaultValue = "adjacency",
            paramLabel = "adjacency|normalized-adjacency|laplacian|magnetic-adjacency:q=Q|magnetic-laplacian:q=Q",
            description = {"The matrix: A, D^-1/2 A D^-1/2, or L = D - A with exp(-beta L) (default: ${DEFAULT-VALUE});",
                "for a directed GML file or edge list, the magnetic adjacency H (H_pq = w_s exp(i 2 pi q (a_pq - a_qp)),"
                    + " w_s = (w_pq + w_qp)/2; MagNet, Zhang et al., NeurIPS 2021) or the magnetic Laplacian"
                    + " L = D_s - H with exp(-beta L): complex Hermitian, pairs G_pq complex (re, im columns),"
                    + " centralities, total and Estrada real; q = 0 is the symmetrized graph (w_pq + w_qp)/2."
                    + " Pair methods polarization|auto only; sensitivities dRe/dIm of every measure (pairs: of"
                    + " Re G_pq and Im G_pq; magnetic adjacency only)."})
    String operator;

    @Option(names = "--pairs", paramLabel = "FILE", description = "Lines 'p q': communicability exp(beta A)_pq.")
    String pairs;

    @Option(names = "--pair-method", defaultValue = "auto", paramLabel = "auto|polarization|one-sided|taylor",
            description = "Pairs p != q: 'polarization' (Q(e_p+e_q) - Q(e_p-e_q))/4 by Lanczos quadrature (rounding"
                    + " noise for pairs tiny next to their nodes' subgraph centralities: see roundingBound);"
                    + " 'taylor': the cancellation-free Taylor series of exp(beta A) e_q (nonnegative terms; every pair"
                    + " to ~terms x eps; ~beta lambda_max + 6 sqrt(beta lambda_max) matrix products instead of ~30"
                    + " Lanczos steps; A >= 0, beta >= 0, not the Laplacian, no pair sensitivities); 'one-sided':"
                    + " (Q_k^T e_p)^T exp(beta T_k) e_1 from e_q (basis kept, no sensitivities); 'auto' (default):"
                    + " polarization, then the pairs whose roundingBound exceeds 100 x --tol again by taylor when"
                    + " the operator is nonnegative.")
    String pairMethod;

    @Option(names = "--subgraph-centrality", paramLabel = "FILE|all",
            description = "Node ids (one per line): exact exp(beta A)_pp; or 'all': every node, estimated (SLQ).")
    String subgraphCentrality;

    @Option(names = "--total", description = "Total communicability 1^T exp(beta A) 1 and the vector exp(beta A) 1.")
    boolean total;

    @Option(names = "--estrada", description = "Estrada index tr exp(beta A) (SLQ, 95%% interval).")
    boolean estrada;

    @Option(names = "--sensitivities", paramLabel = "top:N",
            description = "dMeasure/dw on every edge (Parquet) and the top N by magnitude in the summary.")
    String sensitivities;

    @Option(names = "--sensitivities-for", defaultValue = "total,estrada,pairs,nodes", paramLabel = "LIST",
            description = "Measures whose sensitivities are computed, among those requested: total, estrada, pairs,"
                    + " nodes (default: ${DEFAULT-VALUE}). Pairs and nodes keep a basis per pair (8 n k bytes each).")
    String sensitivitiesFor;

    @Option(names = "--candidates", paramLabel = "FILE",
            description = "Lines 'p q' of non-edges: dMeasure/dw_pq of adding them (needs --sensitivities).")
    String candidates;

    @Option(names = "--probes", defaultValue = "100", paramLabel = "M",
            description = "Rademacher probes for --estrada and --subgraph-centrality all (default: ${DEFAULT-VALUE}).")
    int probes;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Probe seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--tol", defaultValue = "1e-12", paramLabel = "TOL",
            description = "Relative tolerance of every value (default: ${DEFAULT-VALUE}).")
    double tolerance;

    @Option(names = "--max-steps", defaultValue = "300", paramLabel = "K",
            description = "Lanczos step budget per pass (default: ${DEFAULT-VALUE}).")
    int maxSteps;

    @Option(names = "--block-size", paramLabel = "B",
            description = "Starting vectors per pass (default: from memory, at most 256).")
    Integer blockSize;

    @Mixin
    RunOptions run = new RunOptions();

    @Override
    public Integer call() {
        long t0 = System.nanoTime();
        request(1); // the options are checked before any Spark work
        run.run("matfun communicability", (spark, p, out) -> {
            CommunicabilityRequest req = request(p);
            Map<String, Object> s = new LinkedHashMap<>(CommunicabilityJob.run(spark, req, out));
            s.put("wallSeconds", (System.nanoTime() - t0) * 1e-9);
            Map<String, Object> runSection = runSection(req, spark);
            @SuppressWarnings("unchecked")
            Map<String, Object> execution = (Map<String, Object>) s.remove("execution");
            if (execution != null) {
                runSection.putAll(execution);
            }
            s.put("run", runSection);
            try {
                out.writeText("summary.json", new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsString(s) + "\n");
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("cannot write summary.json", e);
            }
            out.commit();
            LOG.info("done in {} s; results in {}", String.format(Locale.ROOT, "%.1f",
                    (System.nanoTime() - t0) * 1e-9), out.target());
        });
        return 0;
    }

    /** Validates the options (before any Spark work). */
    CommunicabilityRequest request(int p) {
        InputFormat inputFormat = format == null ? InputFormat.detect(graph) : InputFormat.parse(format);
        boolean useWeights = switch (weights.trim().toLowerCase(Locale.ROOT)) {
            case "use" -> true;
            case "ignore" -> false;
            default -> throw new IllegalArgumentException("--weights '" + weights + "' is not one of use|ignore");
        };
        String op = operator.trim().toLowerCase(Locale.ROOT);
        int colon = op.indexOf(':');
        String head = colon < 0 ? op : op.substring(0, colon).trim();
        GraphOperator.Kind kind = switch (head) {
            case "adjacency" -> GraphOperator.Kind.ADJACENCY;
            case "normalized-adjacency" -> GraphOperator.Kind.NORMALIZED_ADJACENCY;
            case "laplacian" -> GraphOperator.Kind.LAPLACIAN;
            case "magnetic-adjacency" -> GraphOperator.Kind.MAGNETIC_ADJACENCY;
            case "magnetic-laplacian" -> GraphOperator.Kind.MAGNETIC_LAPLACIAN;
            default -> throw new IllegalArgumentException("--operator '" + operator + "' is not one of adjacency|"
                    + "normalized-adjacency|laplacian|magnetic-adjacency:q=Q|magnetic-laplacian:q=Q");
        };
        double charge = 0.0;
        if (kind.magnetic()) {
            String rest = colon < 0 ? "" : op.substring(colon + 1).trim();
            if (!rest.startsWith("q=")) {
                throw new IllegalArgumentException("--operator '" + operator + "' needs the charge q, e.g. " + head
                        + ":q=0.25");
            }
            try {
                charge = Double.parseDouble(rest.substring(2).trim());
            } catch (NumberFormatException e) {
                charge = Double.NaN;
            }
            if (!Double.isFinite(charge)) {
                throw new IllegalArgumentException("--operator '" + operator + "': q must be a finite number, e.g. "
                        + head + ":q=0.25");
            }
            if (inputFormat != InputFormat.GML && inputFormat != InputFormat.EDGELIST
                    && inputFormat != InputFormat.CSV) {
                throw new IllegalArgumentException("--operator " + head + " needs a directed graph: a GML file, an"
                        + " edge list or a CSV edge table (--format gml|edgelist|csv), not "
                        + inputFormat.name().toLowerCase(Locale.ROOT));
            }
        } else if (colon >= 0) {
            throw new IllegalArgumentException("--operator '" + operator + "': only the magnetic operators take a"
                    + " parameter (magnetic-adjacency:q=Q, magnetic-laplacian:q=Q)");
        }
        if (!Double.isFinite(beta)) {
            throw new IllegalArgumentException("--beta = " + beta + "; expected a finite number");
        }
        int top = 0;
        if (sensitivities != null) {
            String s = sensitivities.trim().toLowerCase(Locale.ROOT);
            try {
                if (!s.startsWith("top:")) {
                    throw new NumberFormatException();
                }
                top = Integer.parseInt(s.substring(4));
            } catch (NumberFormatException e) {
                top = -1;
            }
            if (top < 1) {
                throw new IllegalArgumentException("--sensitivities '" + sensitivities + "'; expected top:N, N >= 1");
            }
            if (kind == GraphOperator.Kind.MAGNETIC_LAPLACIAN) {
                throw new IllegalArgumentException("--sensitivities needs --operator adjacency or"
                        + " magnetic-adjacency:q=Q (a weight of the Laplacian enters several entries)");
            }
            if (!kind.magnetic() && kind != GraphOperator.Kind.ADJACENCY) {
                throw new IllegalArgumentException("--sensitivities needs --operator adjacency (the derivative with"
                        + " respect to an edge weight of the normalized adjacency or the Laplacian is not G_pq + G_qp)");
            }
        }
        Set<String> of = new LinkedHashSet<>();
        for (String m : sensitivitiesFor.split(",")) {
            String t = m.trim().toLowerCase(Locale.ROOT);
            if (!Set.of("total", "estrada", "pairs", "nodes").contains(t)) {
                throw new IllegalArgumentException("--sensitivities-for: '" + m
                        + "' is not one of total, estrada, pairs, nodes");
            }
            of.add(t);
        }
        CommunicabilityRequest.PairMethod method = switch (pairMethod.trim().toLowerCase(Locale.ROOT)) {
            case "auto" -> CommunicabilityRequest.PairMethod.AUTO;
            case "polarization" -> CommunicabilityRequest.PairMethod.POLARIZATION;
            case "one-sided" -> CommunicabilityRequest.PairMethod.ONE_SIDED;
            case "taylor" -> CommunicabilityRequest.PairMethod.TAYLOR;
            default -> throw new IllegalArgumentException("--pair-method '" + pairMethod
                    + "' is not one of auto|polarization|one-sided|taylor");
        };
        if (kind.magnetic() && (method == CommunicabilityRequest.PairMethod.ONE_SIDED
                || method == CommunicabilityRequest.PairMethod.TAYLOR)) {
            throw new IllegalArgumentException("--pair-method " + pairMethod.trim() + " is not supported with"
                    + " --operator " + head + ": its cancellation-free sums need a nonnegative matrix, and the real"
                    + " embedding of H has entries -Im H_pq < 0; use polarization or auto");
        }
        boolean oneSided = method == CommunicabilityRequest.PairMethod.ONE_SIDED;
        if (oneSided && (beta < 0 || kind != GraphOperator.Kind.ADJACENCY)) {
            throw new IllegalArgumentException("--pair-method one-sided needs --operator adjacency and beta >= 0"
                    + " (its Taylor sum is cancellation-free only for a nonnegative matrix)");
        }
        if (method == CommunicabilityRequest.PairMethod.TAYLOR
                && (beta < 0 || kind == GraphOperator.Kind.LAPLACIAN)) {
            throw new IllegalArgumentException("--pair-method taylor needs beta >= 0 and a nonnegative operator"
                    + " (adjacency or normalized-adjacency), not the Laplacian");
        }
        boolean noPairGradient = oneSided || method == CommunicabilityRequest.PairMethod.TAYLOR;
        if (noPairGradient && top > 0 && of.contains("pairs") && pairs != null) {
            throw new IllegalArgumentException("--pair-method " + pairMethod.trim() + " gives no pair sensitivities"
                    + " (a pair's gradient needs both Krylov spaces of polarization, DESIGN 2.3): use polarization or"
                    + " auto, or --sensitivities-for without pairs");
        }
        if (kind.magnetic() && candidates != null) {
            throw new IllegalArgumentException("--candidates is not supported with --operator " + head);
        }
        if (candidates != null && top == 0) {
            throw new IllegalArgumentException("--candidates needs --sensitivities top:N (candidates sample the"
                    + " same gradient)");
        }
        boolean all = "all".equalsIgnoreCase(subgraphCentrality == null ? "" : subgraphCentrality.trim());
        String nodes = subgraphCentrality == null || all ? null : subgraphCentrality;
        if (pairs == null && nodes == null && !all && !total && !estrada) {
            throw new IllegalArgumentException("nothing to compute: give --pairs, --subgraph-centrality, --total"
                    + " or --estrada");
        }
        if ((estrada || all) && probes < 2) {
            throw new IllegalArgumentException("--probes = " + probes + "; expected >= 2 (an interval needs two)");
        }
        if (blockSize != null && blockSize < 2) {
            throw new IllegalArgumentException("--block-size = " + blockSize + "; expected >= 2 (a pair needs two)");
        }
        if (run.partitions() != null && run.partitions() < 1) {
            throw new IllegalArgumentException("--partitions = " + run.partitions() + "; expected >= 1");
        }
        new BatchQuadrature(org.matfun.core.function.MatrixFunction.exp(beta), maxSteps, tolerance);
        return new CommunicabilityRequest(graph, inputFormat, table.columns(), beta, useWeights, kind, pairs, nodes, all, total,
                estrada, top, of, candidates, probes, seed, tolerance, maxSteps, p,
                blockSize == null ? 0 : blockSize, method, run.distribution(), charge);
    }

    private static Map<String, Object> runSection(CommunicabilityRequest req, SparkSession spark) {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("graph", req.graph());
        run.put("format", req.format().name().toLowerCase(Locale.ROOT));
        run.put("beta", req.beta());
        run.put("weights", req.weights() ? "use" : "ignore");
        run.put("operator", req.operatorText());
        run.put("tolerance", req.tolerance());
        run.put("maxSteps", req.maxSteps());
        run.put("partitions", req.partitions());
        run.put("sparkMaster", spark.sparkContext().master());
        run.put("sparkVersion", spark.version());
        run.put("matfunVersion", MatfunMain.VERSION);
        return run;
    }
}
