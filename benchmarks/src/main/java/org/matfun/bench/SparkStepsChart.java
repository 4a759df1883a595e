package org.matfun.bench;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Tables and PNGs (XChart) of the {@link SparkSteps} reports in one directory (benchmarks/spark-steps.sh): the
 * per-step split on G3_circuit per master, the before/after A/B, time per step against nnz on log-log axes with
 * a least-squares slope, and the driver heap probe. Writes {@code tables.md} next to the JSON files.
 *
 * <p>Usage: {@code SparkStepsChart RESULTS_DIR PNG_DIR}
 */
public final class SparkStepsChart {

    private static final String[] PARTS = {"schedulingAndDriverSeconds", "haloExchangeSeconds", "spmvSeconds",
            "updateSeconds", "reductionSeconds", "otherInTaskSeconds"};
    private static final String[] PART_LABELS = {"scheduling + driver", "halo exchange", "SpMV", "update q, w",
            "reduction (partial sums)", "other in task"};

    private SparkStepsChart() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Paths.get(args[0]);
        Path pngs = Paths.get(args[1]);
        Map<String, Map<String, Object>> reports = read(dir);
        StringBuilder md = new StringBuilder();
        overhead(reports, md, pngs.resolve("benchmarks-spark-overhead.png"));
        ab(reports, md);
        scaling(reports, md, pngs.resolve("benchmarks-spark-scaling.png"), "scale-",
                "Time per step against nnz (Spark local[2], B = 2, median round of 30 steps)");
        scaling(reports, md, pngs.resolve("benchmarks-spark-scaling-large.png"), "big-",
                "Time per step against nnz up to 10^8 edges (Spark local[2], P = 4, B = 2, R-MAT generated in the "
                        + "executors, median round)");
        heap(reports, md);
        Files.writeString(dir.resolve("tables.md"), md.toString(), StandardCharsets.UTF_8);
        System.out.print(md);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> read(Path dir) throws IOException {
        Map<String, Map<String, Object>> out = new TreeMap<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.json")) {
            for (Path p : ds) {
                String name = p.getFileName().toString().replaceFirst("\\.json$", "");
                out.put(name, StepTimes.JSON.readValue(p.toFile(), Map.class));
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> split(Map<String, Object> r) {
        return (Map<String, Object>) r.get("sparkBreakdown");
    }

    private static double num(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v == null ? Double.NaN : ((Number) v).doubleValue();
    }

    private static void overhead(Map<String, Map<String, Object>> reports, StringBuilder md, Path png)
            throws IOException {
        String[] names = {"g3-local1", "g3-local2", "g3-cluster"};
        List<String> cats = new ArrayList<>();
        List<Map<String, Object>> rs = new ArrayList<>();
        for (String n : names) {
            if (reports.containsKey(n)) {
                rs.add(reports.get(n));
                cats.add((String) reports.get(n).get("master"));
            }
        }
        if (rs.isEmpty()) {
            return;
        }
        md.append("### Per-step split on G3_circuit (ms per step, critical path; median round)\n\n");
        md.append("| master | core in memory | Spark step | Spark / core | scheduling + driver | halo exchange | SpMV "
                + "| update q, w | reduction | other in task | scheduler delay | shuffle written B/step "
                + "| / 8n | per vector (/ B) / 8n | remote read B/step | empty job | load avg |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        CategoryChart chart = new CategoryChartBuilder().width(900).height(520)
                .title("G3_circuit (n 1.59 M, nnz 7.66 M), B = 2: one Lanczos step, core vs Spark")
                .xAxisTitle("configuration").yAxisTitle("ms per step").build();
        chart.getStyler().setStacked(true).setLegendPosition(Styler.LegendPosition.InsideNW);
        List<String> x = new ArrayList<>();
        x.add("core in memory");
        for (String c : cats) {
            x.add("Spark " + c);
        }
        double core = 0;
        for (Map<String, Object> r : rs) {
            core += num(r, "coreSecondsPerStep") / rs.size();
        }
        for (int p = 0; p < PARTS.length; p++) {
            List<Double> y = new ArrayList<>();
            y.add(p == 2 ? 1e3 * core : 0.0);
            for (Map<String, Object> r : rs) {
                y.add(1e3 * num(split(r), PARTS[p]));
            }
            chart.addSeries(PART_LABELS[p], x, y);
        }
        for (Map<String, Object> r : rs) {
            Map<String, Object> s = split(r);
            md.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.2f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f "
                            + "| %.1f | %.0f | %.3f | %.3f | %.0f | %.1f | %.1f |%n", r.get("master"),
                    1e3 * num(r, "coreSecondsPerStep"), 1e3 * num(r, "sparkSecondsPerStep"),
                    num(r, "sparkOverCorePerStep"), 1e3 * num(s, PARTS[0]), 1e3 * num(s, PARTS[1]),
                    1e3 * num(s, PARTS[2]), 1e3 * num(s, PARTS[3]), 1e3 * num(s, PARTS[4]), 1e3 * num(s, PARTS[5]),
                    1e3 * num(s, "schedulerDelaySecondsOnCriticalPath"), num(s, "shuffleWriteBytesPerStep"),
                    num(s, "shuffleWriteBytesOver8n"), num(s, "shuffleWriteBytesOver8n") / num(r, "blockSize"),
                    num(s, "shuffleReadRemoteBytesPerStep"), 1e3 * num(r, "sparkEmptyJobSeconds"), num(r, "systemLoadAverageBefore")));
        }
        Map<String, Object> any = rs.get(0);
        md.append(String.format(Locale.ROOT, "%nhalo entries per exchange %d; payload 16 B x halo = %d B = %.3f x 8n "
                        + "(8n = %d B); core SpMM (B = 2) alone %.1f ms%n%n", ((Number) any.get("haloEntries")).longValue(),
                ((Number) any.get("haloPayloadBytesPerStep")).longValue(),
                num(any, "haloPayloadBytesPerStep") / num(any, "eightNBytes"),
                ((Number) any.get("eightNBytes")).longValue(), 1e3 * num(any, "coreSpmmSeconds")));
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static void ab(Map<String, Map<String, Object>> reports, StringBuilder md) {
        List<String> keys = new ArrayList<>();
        for (String k : reports.keySet()) {
            if (k.startsWith("ab-")) {
                keys.add(k);
            }
        }
        if (keys.isEmpty()) {
            return;
        }
        md.append("### Before / after forming w_t once per step (G3_circuit, local[2], each run against core in its "
                + "JVM)\n\n| run | core ms/step | Spark ms/step | Spark / core | rounds (Spark ms) |\n"
                + "|---|---:|---:|---:|---|\n");
        for (String k : keys) {
            Map<String, Object> r = reports.get(k);
            @SuppressWarnings("unchecked")
            List<Number> rounds = (List<Number>) r.get("sparkSecondsPerStepEachRound");
            StringBuilder rr = new StringBuilder();
            for (Number n : rounds) {
                rr.append(rr.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.1f",
                        1e3 * n.doubleValue()));
            }
            md.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.2f | %s |%n", k,
                    1e3 * num(r, "coreSecondsPerStep"), 1e3 * num(r, "sparkSecondsPerStep"),
                    num(r, "sparkOverCorePerStep"), rr));
        }
        md.append('\n');
    }

    /**
     * The runs named {@code prefix + graph} (and, for prefix "scale-", the overhead run g3-local2): table, fits and
     * the PNG.
     */
    private static void scaling(Map<String, Map<String, Object>> reports, StringBuilder md, Path png, String prefix,
                                String heading) throws IOException {
        List<String> keys = new ArrayList<>();
        for (String k : reports.keySet()) {
            if (k.startsWith(prefix) || (prefix.equals("scale-") && k.equals("g3-local2"))) {
                keys.add(k);
            }
        }
        if (keys.isEmpty()) {
            return;
        }
        keys.sort((a, b) -> Double.compare(num(reports.get(a), "nnz"), num(reports.get(b), "nnz")));
        md.append("### " + heading + "\n\n"
                + "| graph | n | nnz | P | ms/step | SpMV + update + reduction ms | halo exchange ms "
                + "| scheduling + driver ms | shuffle B/step | / 8n | per vector / 8n | load avg |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        List<Double> ws = new ArrayList<>();
        List<Double> xr = new ArrayList<>();
        List<Double> yr = new ArrayList<>();
        List<Double> xg = new ArrayList<>();
        List<Double> yg = new ArrayList<>();
        for (String k : keys) {
            Map<String, Object> r = reports.get(k);
            Map<String, Object> s = split(r);
            double nnz = num(r, "nnz");
            double t = num(r, "sparkSecondsPerStep");
            double work = num(s, "spmvSeconds") + num(s, "updateSeconds") + num(s, "reductionSeconds");
            xs.add(nnz);
            ys.add(t);
            ws.add(work);
            (k.startsWith(prefix + "rmat") ? xg : xr).add(nnz);
            (k.startsWith(prefix + "rmat") ? yg : yr).add(1e3 * t);
            md.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %.1f | %.1f | %.1f | %.1f | %.0f | %.3f | %.3f "
                            + "| %.1f |%n",
                    k.equals("g3-local2") ? "G3_circuit (run g3-local2)" : k.substring(prefix.length()),
                    ((Number) r.get("n")).longValue(), (long) nnz,
                    ((Number) r.get("partitions")).intValue(), 1e3 * t, 1e3 * work, 1e3 * num(s, "haloExchangeSeconds"),
                    1e3 * num(s, "schedulingAndDriverSeconds"), num(s, "shuffleWriteBytesPerStep"),
                    num(s, "shuffleWriteBytesOver8n"), num(s, "shuffleWriteBytesOver8n") / num(r, "blockSize"),
                    num(r, "systemLoadAverageBefore")));
        }
        double[] all = fit(xs, ys, 0);
        double[] large = fit(xs, ys, 1e6);
        double[] inTask = fit(xs, ws, 0);
        double[] largest = fit(xs, ys, 3e6);
        double[] largeTask = fit(xs, ws, 1e6);
        double[] huge = fit(xs, ys, 1e7);
        // the fitted line: from 1e6 nonzeros, or from 1e7 for the runs that reach 1e8 edges
        double lineFrom = xs.get(xs.size() - 1) > 1e8 ? 1e7 : 1e6;
        double[] line = lineFrom == 1e7 ? huge : large;
        double[] affine = affine(xs, ys);
        md.append(String.format(Locale.ROOT, "%nLeast-squares fits of log10(ms per step) = a + slope log10(nnz): "
                        + "whole step, all %d points: slope %.3f; whole step, nnz >= 1e6 (%d points): slope %.3f; "
                        + "whole step, nnz >= 3e6 (%d points): slope %.3f; whole step, nnz >= 1e7 (%d points): slope %.3f; "
                        + "SpMV + update + reduction (longest task), "
                        + "all points: slope %.3f, nnz >= 1e6: slope %.3f. Affine fit of the whole step, "
                        + "t = c0 + c1 nnz: c0 = %.1f ms, c1 = %.2f ns per nonzero.%n%n", (int) all[2], all[1],
                (int) large[2], large[1], (int) largest[2], largest[1], (int) huge[2], huge[1], inTask[1], largeTask[1],
                1e3 * affine[0],
                1e9 * affine[1]));
        XYChart chart = new XYChartBuilder().width(800).height(560)
                .title(String.format(Locale.ROOT, "Spark local[2], one Lanczos step (B = 2) vs nnz: slopes %.2f (whole, "
                        + "nnz >= %.0e), %.2f (compute)", line[1], lineFrom, inTask[1]))
                .xAxisTitle("nonzeros (both triangles)").yAxisTitle("ms per step").build();
        chart.getStyler().setXAxisLogarithmic(true).setYAxisLogarithmic(true)
                .setLegendPosition(Styler.LegendPosition.OutsideS)
                .setChartTitleFont(chart.getStyler().getChartTitleFont().deriveFont(12f));
        if (!xr.isEmpty()) {
            chart.addSeries("real graphs / matrices", xr, yr).setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        }
        if (!xg.isEmpty()) {
            chart.addSeries("R-MAT (Graph500, edge factor 16)", xg, yg)
                    .setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        }
        List<Double> fx = new ArrayList<>();
        List<Double> fy = new ArrayList<>();
        double lo = Math.max(lineFrom, xs.get(0));
        double hi = xs.get(xs.size() - 1);
        for (double v : new double[]{lo, hi}) {
            fx.add(v);
            fy.add(1e3 * Math.pow(10, line[0] + line[1] * Math.log10(v)));
        }
        chart.addSeries(String.format(Locale.ROOT, "fit, slope %.2f", line[1]), fx, fy).setMarker(SeriesMarkers.NONE);
        List<Double> wy = new ArrayList<>();
        for (double w : ws) {
            wy.add(1e3 * w);
        }
        chart.addSeries("SpMV + update + reduction (longest task)", xs, wy)
                .setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        List<Double> gx = new ArrayList<>();
        List<Double> gy = new ArrayList<>();
        for (double v : new double[]{xs.get(0), hi}) {
            gx.add(v);
            gy.add(1e3 * Math.pow(10, inTask[0] + inTask[1] * Math.log10(v)));
        }
        chart.addSeries(String.format(Locale.ROOT, "fit, slope %.2f", inTask[1]), gx, gy)
                .setMarker(SeriesMarkers.NONE);
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** Least squares y = c0 + c1 x: {c0, c1}. */
    static double[] affine(List<Double> x, List<Double> y) {
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        int m = x.size();
        for (int i = 0; i < m; i++) {
            sx += x.get(i);
            sy += y.get(i);
            sxx += x.get(i) * x.get(i);
            sxy += x.get(i) * y.get(i);
        }
        double c1 = (m * sxy - sx * sy) / (m * sxx - sx * sx);
        return new double[]{(sy - c1 * sx) / m, c1};
    }

    /** Least squares of log10 y on log10 x over points with x >= from: {intercept, slope, points}. */
    static double[] fit(List<Double> x, List<Double> y, double from) {
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        int m = 0;
        for (int i = 0; i < x.size(); i++) {
            if (x.get(i) < from || !(y.get(i) > 0)) {
                continue;
            }
            double lx = Math.log10(x.get(i));
            double ly = Math.log10(y.get(i));
            sx += lx;
            sy += ly;
            sxx += lx * lx;
            sxy += lx * ly;
            m++;
        }
        double slope = (m * sxy - sx * sy) / (m * sxx - sx * sx);
        return new double[]{(sy - slope * sx) / m, slope, m};
    }

    @SuppressWarnings("unchecked")
    private static void heap(Map<String, Map<String, Object>> reports, StringBuilder md) {
        List<String> keys = new ArrayList<>();
        for (String k : reports.keySet()) {
            if (k.startsWith("heap-")) {
                keys.add(k);
            }
        }
        if (keys.isEmpty()) {
            return;
        }
        keys.sort((a, b) -> Double.compare(num(reports.get(a), "n"), num(reports.get(b), "n")));
        md.append("### Driver heap used after a full GC (MB), local-cluster[2,1,2048] (executors in other JVMs)\n\n"
                + "| graph | n | nnz | after loading | step 50 | step 200 | step 500 |\n"
                + "|---|---:|---:|---:|---:|---:|---:|\n");
        for (String k : keys) {
            Map<String, Object> r = reports.get(k);
            Map<String, Object> h = (Map<String, Object>) r.get("driverHeap");
            Map<String, Object> at = (Map<String, Object>) h.get("usedBytesAfterGcAtStep");
            md.append(String.format(Locale.ROOT, "| %s | %d | %d | %.1f | %s | %s | %s |%n",
                    k.substring("heap-".length()), ((Number) r.get("n")).longValue(),
                    ((Number) r.get("nnz")).longValue(), 1e-6 * num(h, "baselineBytes"), mb(at.get("50")),
                    mb(at.get("200")), mb(at.get("500"))));
        }
        md.append('\n');
    }

    private static String mb(Object bytes) {
        return bytes == null ? "-" : String.format(Locale.ROOT, "%.1f", 1e-6 * ((Number) bytes).doubleValue());
    }
}
