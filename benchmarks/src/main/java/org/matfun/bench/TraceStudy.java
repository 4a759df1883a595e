package org.matfun.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.matfun.core.function.MatrixFunction;
import org.matfun.core.lanczos.LanczosOptions;
import org.matfun.core.operator.AffineOperator;
import org.matfun.core.operator.CsrMatrix;
import org.matfun.core.operator.SymmetricOperator;
import org.matfun.core.trace.ControlVariates;
import org.matfun.core.trace.InMemoryProbeRunner;
import org.matfun.core.trace.IntervalEstimate;
import org.matfun.core.trace.ProbeBlock;
import org.matfun.core.trace.ProbeDistribution;
import org.matfun.core.trace.RunningStatistics;
import org.matfun.core.trace.StochasticTrace;
import org.matfun.core.trace.TraceOptions;
import org.matfun.core.trace.TraceResult;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * The trace study of docs/trace.md (run by benchmarks/trace-study.sh, not a test): for one family
 * A = theta_1 A_1 + theta_2 A_2 + ... (A_i = I or further Matrix Market files) and log, (1) 20 seeds of the in-memory
 * SLQ estimator (core, the same numerics as the Spark job) with M probes: how often the exact log det and
 * gradient (from trace_reference.py, given as a JSON file) lie in the reported 95% intervals, plain and with
 * control variates; (2) one long run: relative standard error against matvecs, plain versus control variates,
 * written as CSV rows for the chart.
 *
 * <p>Usage: TraceStudy NAME MATRIX THETA1 COMPONENTS THETAS EXACT_JSON PROBES SEEDS LONG_PROBES OUT_CSV
 * <br>COMPONENTS: comma-separated Matrix Market files or {@code identity}, THETAS their comma-separated thetas;
 * LONG_PROBES = 0 skips the long run.
 * <br>or: TraceStudy --chart OUT_PNG CSV...
 */
public final class TraceStudy {

    private TraceStudy() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--chart")) {
            chart(Path.of(args[1]), args);
            return;
        }
        String name = args[0];
        CsrMatrix a1 = read(Path.of(args[1]));
        double th1 = Double.parseDouble(args[2]);
        String[] files = args[3].split(",");
        String[] thetaText = args[4].split(",");
        if (files.length != thetaText.length) {
            throw new IllegalArgumentException("one theta per component: " + args[3] + " / " + args[4]);
        }
        List<SymmetricOperator> comps = new ArrayList<>(List.of(a1));
        List<CsrMatrix> csr = new ArrayList<>(List.of(a1));
        double[] theta = new double[files.length + 1];
        theta[0] = th1;
        for (int i = 0; i < files.length; i++) {
            CsrMatrix c = files[i].equals("identity") ? identity(a1.dimension()) : read(Path.of(files[i]));
            comps.add(c);
            csr.add(c);
            theta[i + 1] = Double.parseDouble(thetaText[i]);
        }
        int m = theta.length;
        JsonNode exact = new ObjectMapper().readTree(Path.of(args[5]).toFile());
        int probes = Integer.parseInt(args[6]);
        int seeds = Integer.parseInt(args[7]);
        int longProbes = Integer.parseInt(args[8]);
        Path csv = Path.of(args[9]);
        AffineOperator a = new AffineOperator(null, comps, theta);
        double[] means = controlMeans(csr, theta);
        LanczosOptions lanczos = LanczosOptions.defaults().withTolerance(1e-8).withGradientTolerance(1e-6)
                .withMaxSteps(1000);
        double logdet = exact.get("trace").asDouble();
        double[] grad = new double[m];
        for (int i = 0; i < m; i++) {
            grad[i] = exact.get("gradient").get(i).asDouble();
        }
        int[] plainHits = new int[m + 1];
        int[] cvHits = new int[m + 1];
        double plainRel = 0;
        double cvRel = 0;
        long steps = 0;
        long t0 = System.nanoTime();
        for (int s = 1; s <= seeds; s++) {
            TraceOptions opts = new TraceOptions(probes, Math.min(probes, 16), s, ProbeDistribution.RADEMACHER, 0.0);
            InMemoryProbeRunner runner = new InMemoryProbeRunner(a, MatrixFunction.log(), lanczos, opts, true);
            TraceResult r = new StochasticTrace(opts).run(runner, m, means, p -> { });
            plainHits[0] += r.trace().contains(logdet) ? 1 : 0;
            cvHits[0] += r.controlVariateTrace().contains(logdet) ? 1 : 0;
            for (int i = 0; i < m; i++) {
                plainHits[i + 1] += r.gradient()[i].contains(grad[i]) ? 1 : 0;
                cvHits[i + 1] += r.controlVariateGradient()[i].contains(grad[i]) ? 1 : 0;
            }
            plainRel += r.trace().relativeStandardError() / seeds;
            cvRel += r.controlVariateTrace().relativeStandardError() / seeds;
            steps += r.maxBlockSteps();
        }
        double seconds = (System.nanoTime() - t0) * 1e-9;
        StringBuilder hits = new StringBuilder();
        for (int i = 0; i <= m; i++) {
            hits.append(String.format(Locale.ROOT, " %d/%d | %d/%d |", plainHits[i], seeds, cvHits[i], seeds));
        }
        System.out.printf(Locale.ROOT, "| %s | %d | %.12g |%s %.2e | %.2e | %.1f | %.0f |%n", name, a.dimension(),
                logdet, hits, plainRel, cvRel, (double) steps / seeds, seconds);
        if (longProbes == 0) {
            return;
        }
        // one long run: relative standard error against matvecs
        TraceOptions opts = new TraceOptions(longProbes, 8, 1000, ProbeDistribution.RADEMACHER, 0.0);
        InMemoryProbeRunner runner = new InMemoryProbeRunner(a, MatrixFunction.log(), lanczos, opts, false);
        List<double[]> y = new ArrayList<>();
        List<double[]> x = new ArrayList<>();
        RunningStatistics plain = new RunningStatistics(1);
        StringBuilder out = new StringBuilder();
        long matvecs = 0;
        for (int first = 0; first < longProbes; first += 8) {
            ProbeBlock b = runner.run(first, 8);
            matvecs += b.matvecs();
            for (int p = 0; p < 8; p++) {
                y.add(new double[]{b.values()[p]});
                x.add(b.controls()[p]);
                plain.add(b.values()[p]);
            }
            IntervalEstimate pe = plain.estimate(0);
            IntervalEstimate ce = ControlVariates.estimate(y.toArray(new double[0][]), x.toArray(new double[0][]),
                    means, 0.0)[0];
            out.append(String.format(Locale.ROOT, "%s,%d,%d,%.6e,%.6e%n", name, y.size(), matvecs,
                    pe.relativeStandardError(), ce.relativeStandardError()));
        }
        Files.writeString(csv, out.toString(), StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }

    /** tr A = sum_i theta_i tr A_i and tr A^2 = ||A||_F^2 of the combined matrix (exact, one pass). */
    static double[] controlMeans(List<CsrMatrix> parts, double[] theta) {
        int n = parts.get(0).dimension();
        double tr = 0;
        double fro = 0;
        for (int i = 0; i < n; i++) {
            java.util.Map<Integer, Double> row = new java.util.HashMap<>();
            for (int c = 0; c < parts.size(); c++) {
                CsrMatrix p = parts.get(c);
                for (int q = p.rowPointers()[i]; q < p.rowPointers()[i + 1]; q++) {
                    row.merge(p.columnIndices()[q], theta[c] * p.values()[q], Double::sum);
                }
            }
            for (java.util.Map.Entry<Integer, Double> e : row.entrySet()) {
                fro += e.getValue() * e.getValue();
                if (e.getKey() == i) {
                    tr += e.getValue();
                }
            }
        }
        return new double[]{tr, fro};
    }

    static CsrMatrix identity(int n) {
        int[] idx = new int[n];
        double[] one = new double[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
            one[i] = 1;
        }
        return CsrMatrix.fromCoordinates(n, idx, idx, one);
    }

    /** A symmetric Matrix Market coordinate file (real, integer or pattern), .gz allowed. */
    static CsrMatrix read(Path p) throws IOException {
        var in = Files.newInputStream(p);
        var stream = p.toString().endsWith(".gz") ? new GZIPInputStream(in) : in;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(stream, StandardCharsets.US_ASCII))) {
            String banner = r.readLine();
            boolean pattern = banner.contains("pattern");
            boolean symmetric = banner.contains("symmetric");
            String line;
            do {
                line = r.readLine();
            } while (line.startsWith("%"));
            String[] size = line.trim().split("\\s+");
            int n = Integer.parseInt(size[0]);
            int nnz = Integer.parseInt(size[2]);
            int[] rows = new int[2 * nnz];
            int[] cols = new int[2 * nnz];
            double[] vals = new double[2 * nnz];
            int e = 0;
            while ((line = r.readLine()) != null) {
                String[] t = line.trim().split("\\s+");
                if (t.length < 2) {
                    continue;
                }
                int i = Integer.parseInt(t[0]) - 1;
                int j = Integer.parseInt(t[1]) - 1;
                double v = pattern ? 1.0 : Double.parseDouble(t[2]);
                rows[e] = i;
                cols[e] = j;
                vals[e++] = v;
                if (symmetric && i != j) {
                    rows[e] = j;
                    cols[e] = i;
                    vals[e++] = v;
                }
            }
            return CsrMatrix.fromCoordinates(n, java.util.Arrays.copyOf(rows, e), java.util.Arrays.copyOf(cols, e),
                    java.util.Arrays.copyOf(vals, e));
        }
    }

    /** Relative standard error against matvecs, one pair of series (plain, control variates) per family. */
    static void chart(Path png, String[] args) throws IOException {
        XYChart c = new XYChartBuilder().width(1000).height(560)
                .title("log det: relative standard error vs matvecs, plain Hutchinson vs control variates")
                .xAxisTitle("matrix-vector products (probes x Lanczos steps)").yAxisTitle("standardError / |estimate|")
                .build();
        c.getStyler().setYAxisLogarithmic(true).setLegendPosition(Styler.LegendPosition.OutsideE).setMarkerSize(5);
        java.awt.Color[] colors = {java.awt.Color.BLUE, java.awt.Color.RED, new java.awt.Color(0, 140, 0),
            java.awt.Color.MAGENTA, java.awt.Color.ORANGE, java.awt.Color.DARK_GRAY};
        int family = 0;
        for (int k = 2; k < args.length; k++) {
            java.util.Map<String, List<double[]>> rows = new java.util.LinkedHashMap<>();
            for (String line : Files.readAllLines(Path.of(args[k]))) {
                String[] t = line.split(",");
                rows.computeIfAbsent(t[0], q -> new ArrayList<>()).add(new double[]{Double.parseDouble(t[2]),
                    Double.parseDouble(t[3]), Double.parseDouble(t[4])});
            }
            for (java.util.Map.Entry<String, List<double[]>> e : rows.entrySet()) {
                List<double[]> v = e.getValue().subList(1, e.getValue().size()); // skip 8 probes (too noisy)
                double[] mv = new double[v.size()];
                double[] pl = new double[v.size()];
                double[] cv = new double[v.size()];
                for (int i = 0; i < v.size(); i++) {
                    mv[i] = v.get(i)[0];
                    pl[i] = v.get(i)[1];
                    cv[i] = v.get(i)[2];
                }
                java.awt.Color col = colors[family++ % colors.length];
                org.knowm.xchart.XYSeries plainSeries = c.addSeries(e.getKey() + " plain", mv, pl);
                plainSeries.setLineColor(col);
                plainSeries.setMarkerColor(col);
                org.knowm.xchart.XYSeries cvSeries = c.addSeries(e.getKey() + " control variates", mv, cv);
                cvSeries.setLineColor(col);
                cvSeries.setMarkerColor(col);
                cvSeries.setLineStyle(new java.awt.BasicStroke(2f, java.awt.BasicStroke.CAP_BUTT,
                        java.awt.BasicStroke.JOIN_MITER, 10f, new float[]{6f, 4f}, 0f));
            }
        }
        BitmapEncoder.saveBitmap(c, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
