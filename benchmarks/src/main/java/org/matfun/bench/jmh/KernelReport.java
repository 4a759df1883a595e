package org.matfun.bench.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.matfun.core.operator.CsrMatrix;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Tables (Markdown, stdout) and PNG plots (XChart) from a JMH JSON result of benchmarks/jmh.sh and the CSVs of
 * {@link DriverStepTimes}: achieved GB/s of the sparse products under the byte model
 * 12 nnz + 4 (n + 1) + 16 B n bytes (value and column index per nonzero, row pointers, x read once and y written
 * once) against the triad's GB/s on the same number of threads; the B-vector / 1-vector time ratios; the
 * Lanczos step / SpMV ratios; driver time per step against k.
 *
 * <p>Usage: {@code KernelReport --jmh results.json --png-dir docs [--driver before.csv after.csv ...]}.
 */
public final class KernelReport {

    private static final String[] MATRICES = {"G3_circuit", "Andrews", "CA-HepPh", "soc-Slashdot0902"};

    private KernelReport() {
    }

    public static void main(String[] args) throws IOException {
        Path jmh = null;
        Path pngDir = Paths.get("docs");
        List<Path> driver = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--jmh": jmh = Paths.get(args[++i]); break;
                case "--png-dir": pngDir = Paths.get(args[++i]); break;
                case "--driver":
                    while (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                        driver.add(Paths.get(args[++i]));
                    }
                    break;
                default:
                    System.err.println("unknown option " + args[i]);
                    System.exit(2);
            }
        }
        Files.createDirectories(pngDir);
        StringBuilder md = new StringBuilder();
        if (jmh != null) {
            kernels(jmh, pngDir, md);
        }
        if (!driver.isEmpty()) {
            driver(driver, pngDir, md);
        }
        System.out.print(md);
    }

    /** score (ms/op) and error by key "benchmark|matrix|blockSize|threads". */
    private static Map<String, double[]> scores(Path jmh) throws IOException {
        Map<String, double[]> m = new LinkedHashMap<>();
        for (JsonNode r : new ObjectMapper().readTree(jmh.toFile())) {
            String name = r.get("benchmark").asText();
            name = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
            JsonNode p = r.get("params");
            String key = name + "|" + text(p, "matrix") + "|" + text(p, "blockSize") + "|" + text(p, "threads");
            JsonNode pm = r.get("primaryMetric");
            m.put(key, new double[]{pm.get("score").asDouble(), pm.get("scoreError").asDouble()});
        }
        return m;
    }

    private static String text(JsonNode p, String field) {
        return p == null || p.get(field) == null ? "-" : p.get(field).asText();
    }

    private static void kernels(Path jmh, Path pngDir, StringBuilder md) throws IOException {
        Map<String, double[]> s = scores(jmh);
        int[] blocks = {1, 4, 8, 16};
        double[] triad = new double[3];
        md.append("### Triad (STREAM convention, 24 bytes per element, N = 2^24)\n\n| threads | ms/op | GB/s |\n|---:|---:|---:|\n");
        for (int t = 1; t <= 2; t++) {
            double[] v = s.get("TriadBenchmark.triad|-|-|" + t);
            if (v != null) {
                triad[t] = 24.0 * 16777216 / (v[0] * 1e-3) / 1e9;
                md.append(String.format(Locale.ROOT, "| %d | %.2f ± %.2f | %.2f |%n", t, v[0], v[1], triad[t]));
            }
        }
        md.append("\n### Sparse products y = A x (SpmmBenchmark)\n\n")
                .append("| matrix | n | nnz | threads | B | ms/op | GB/s (byte model) | % of triad | time / time(B=1) |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        Map<String, long[]> sizes = new LinkedHashMap<>();
        for (String mat : MATRICES) {
            CsrMatrix a = BenchMatrices.load(mat);
            sizes.put(mat, new long[]{a.dimension(), a.nonzeros()});
        }
        for (int t = 1; t <= 2; t++) {
            CategoryChart chart = new CategoryChartBuilder().width(900).height(500)
                    .title("CSR product, " + t + " thread" + (t > 1 ? "s" : "") + ": GB/s under the byte model")
                    .xAxisTitle("matrix").yAxisTitle("GB/s").build();
            chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
            for (int bs : blocks) {
                List<String> xs = new ArrayList<>();
                List<Double> ys = new ArrayList<>();
                for (String mat : MATRICES) {
                    double[] v = s.get("SpmmBenchmark.spmm|" + mat + "|" + bs + "|" + t);
                    double[] v1 = s.get("SpmmBenchmark.spmm|" + mat + "|1|" + t);
                    if (v == null) {
                        continue;
                    }
                    long n = sizes.get(mat)[0];
                    long nnz = sizes.get(mat)[1];
                    double bytes = 12.0 * nnz + 4.0 * (n + 1) + 16.0 * bs * n;
                    double gbs = bytes / (v[0] * 1e-3) / 1e9;
                    xs.add(mat);
                    ys.add(gbs);
                    md.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %.3f ± %.3f | %.2f | %.0f%% | %s |%n",
                            mat, n, nnz, t, bs, v[0], v[1], gbs, triad[t] > 0 ? 100 * gbs / triad[t] : Double.NaN,
                            v1 == null ? "-" : String.format(Locale.ROOT, "%.2f", v[0] / v1[0])));
                }
                if (!xs.isEmpty()) {
                    chart.addSeries("B = " + bs, xs, ys);
                }
            }
            if (triad[t] > 0 && !chart.getSeriesMap().isEmpty()) {
                List<String> xs = new ArrayList<>();
                List<Double> ys = new ArrayList<>();
                for (String mat : MATRICES) {
                    xs.add(mat);
                    ys.add(triad[t]);
                }
                chart.addSeries("triad", xs, ys);
                BitmapEncoder.saveBitmap(chart, pngDir.resolve("benchmarks-kernels-jmh-spmm-" + t + "t").toString(),
                        BitmapEncoder.BitmapFormat.PNG);
            }
        }
        md.append("\n### Block product before/after the register-chunked kernel (1 thread)\n\n")
                .append("| matrix | B | before ms/op | after ms/op | before / after |\n|---|---:|---:|---:|---:|\n");
        for (String mat : MATRICES) {
            for (int bs : blocks) {
                double[] before = s.get("SpmmBeforeBenchmark.spmmBefore|" + mat + "|" + bs + "|-");
                double[] after = s.get("SpmmBenchmark.spmm|" + mat + "|" + bs + "|1");
                if (before != null && after != null) {
                    md.append(String.format(Locale.ROOT, "| %s | %d | %.3f ± %.3f | %.3f ± %.3f | %.2f |%n", mat, bs,
                            before[0], before[1], after[0], after[1], before[0] / after[0]));
                }
            }
        }
        md.append("\n### Lanczos step / SpMV (LanczosStepBenchmark, 1 thread, same fork)\n\n")
                .append("| matrix | B | SpMV ms | step ms | step / SpMV | three-pass step / SpMV (before) | identity-beta step / SpMV |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|\n");
        CategoryChart ratio = new CategoryChartBuilder().width(900).height(500)
                .title("Lanczos step time / SpMV time (1 thread)").xAxisTitle("matrix, B").yAxisTitle("ratio").build();
        List<String> labels = new ArrayList<>();
        List<Double> fused = new ArrayList<>();
        List<Double> three = new ArrayList<>();
        List<Double> ident = new ArrayList<>();
        for (String mat : MATRICES) {
            for (int bs = 1; bs <= 2; bs++) {
                String key = "|" + mat + "|" + bs + "|-";
                double[] spmv = s.get("LanczosStepBenchmark.spmv" + key);
                double[] step = s.get("LanczosStepBenchmark.step" + key);
                double[] tp = s.get("LanczosStepBenchmark.threePassStep" + key);
                double[] ib = s.get("LanczosStepBenchmark.identityBetaStep" + key);
                if (spmv == null || step == null) {
                    continue;
                }
                md.append(String.format(Locale.ROOT, "| %s | %d | %.3f ± %.3f | %.3f ± %.3f | %.2f | %s | %s |%n", mat, bs,
                        spmv[0], spmv[1], step[0], step[1], step[0] / spmv[0],
                        tp == null ? "-" : String.format(Locale.ROOT, "%.2f", tp[0] / spmv[0]),
                        ib == null ? "-" : String.format(Locale.ROOT, "%.2f", ib[0] / spmv[0])));
                labels.add(mat + ", B=" + bs);
                fused.add(step[0] / spmv[0]);
                three.add(tp == null ? 0.0 : tp[0] / spmv[0]);
                ident.add(ib == null ? 0.0 : ib[0] / spmv[0]);
            }
        }
        if (!labels.isEmpty()) {
            ratio.addSeries("three-pass step (before)", labels, three);
            ratio.addSeries("core step (fused)", labels, fused);
            ratio.addSeries("identity-beta step (not in core)", labels, ident);
            List<Double> goal = new ArrayList<>();
            for (int i = 0; i < labels.size(); i++) {
                goal.add(1.2);
            }
            ratio.addSeries("goal 1.2", labels, goal);
            ratio.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
            BitmapEncoder.saveBitmap(ratio, pngDir.resolve("benchmarks-kernels-jmh-lanczos-step").toString(),
                    BitmapEncoder.BitmapFormat.PNG);
        }
        md.append('\n');
    }

    private static void driver(List<Path> csvs, Path pngDir, StringBuilder md) throws IOException {
        XYChart chart = new XYChartBuilder().width(900).height(500).title("Driver time per Lanczos step (B = 2 runs)")
                .xAxisTitle("k").yAxisTitle("ms per step (mean of 10 steps)").build();
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setMarkerSize(0);
        for (Path csv : csvs) {
            Map<String, List<double[]>> series = new LinkedHashMap<>();
            for (String line : Files.readAllLines(csv)) {
                String[] f = line.split(",");
                if (f[0].equals("label") || f[1].equals("decompose")) {
                    continue;
                }
                series.computeIfAbsent(f[0] + ", " + f[1], x -> new ArrayList<>())
                        .add(new double[]{Double.parseDouble(f[2]), Double.parseDouble(f[3])});
            }
            for (Map.Entry<String, List<double[]>> e : series.entrySet()) {
                List<double[]> pts = e.getValue();
                List<Double> xs = new ArrayList<>();
                List<Double> ys = new ArrayList<>();
                for (int i = 9; i < pts.size(); i += 10) {
                    double sum = 0;
                    for (int j = i - 9; j <= i; j++) {
                        sum += pts.get(j)[1];
                    }
                    xs.add(pts.get(i)[0]);
                    ys.add(1e3 * sum / 10);
                }
                chart.addSeries(e.getKey(), xs, ys);
            }
        }
        BitmapEncoder.saveBitmap(chart, pngDir.resolve("benchmarks-kernels-driver").toString(),
                BitmapEncoder.BitmapFormat.PNG);
    }
}
