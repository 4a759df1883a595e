package org.matfun.bench.jmh;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;
import org.matfun.core.lanczos.InMemoryLanczos;
import org.matfun.core.lanczos.Reorthogonalization;
import org.matfun.core.operator.CsrMatrix;
import org.matfun.core.operator.SlicedEllpack;
import org.matfun.core.operator.SparseKernels;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The JMH kernels again, but interleaved: per matrix, every operation (triad on 1 and 2 threads, the CSR product
 * for B = 1, 4, 8, 16 on 1 and 2 threads, the pre-chunk block product, the bare product, core's Lanczos step, the
 * three-pass step and the identity-beta step for B = 1, 2) runs once per round in a shuffled order, for R rounds
 * after W warm-up rounds. On a shared, loaded machine (load averages of 10-20 on 2 vCPUs during this work) JMH's
 * trial-after-trial means mix different load phases; here every ratio compares operations timed in the same
 * rounds, and the minimum over rounds (the time when the process was least disturbed) is reported next to the
 * median. Single-thread operations are timed by the thread's CPU time (time while descheduled by other
 * processes is not counted; cache and memory-bandwidth contention still is), two-thread ones by wall time.
 *
 * <p>Usage: {@code InterleavedKernels --rounds 30 --warmup 5 --out results.csv --png-dir docs [--matrices a,b]}.
 */
public final class InterleavedKernels {

    private static final int TRIAD_LENGTH = 1 << 24;
    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    private InterleavedKernels() {
    }

    private interface Op {
        void run();
    }

    public static void main(String[] args) throws IOException {
        int rounds = 30;
        int warmup = 5;
        Path out = null;
        Path pngDir = null;
        String[] matrices = {"G3_circuit", "Andrews", "CA-HepPh", "soc-Slashdot0902"};
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--rounds": rounds = Integer.parseInt(args[i + 1]); break;
                case "--warmup": warmup = Integer.parseInt(args[i + 1]); break;
                case "--out": out = Paths.get(args[i + 1]); break;
                case "--png-dir": pngDir = Paths.get(args[i + 1]); break;
                case "--matrices": matrices = args[i + 1].split(","); break;
                default:
                    System.err.println("unknown option " + args[i]);
                    System.exit(2);
            }
        }
        double[] ta = new double[TRIAD_LENGTH];
        double[] tb = new double[TRIAD_LENGTH];
        double[] tc = new double[TRIAD_LENGTH];
        for (int i = 0; i < TRIAD_LENGTH; i++) {
            tb[i] = 1.0 + i % 7;
            tc[i] = 0.5 * (i % 5);
        }
        int[] triadPtr = new int[TRIAD_LENGTH + 1];
        for (int i = 0; i <= TRIAD_LENGTH; i++) {
            triadPtr[i] = i;
        }
        RowSplit triadSplit = new RowSplit(triadPtr, 2);
        List<String> csv = new ArrayList<>();
        csv.add("matrix,n,nnz,operation,minMs,medianMs,rounds");
        Map<String, Map<String, double[]>> all = new LinkedHashMap<>();
        for (String name : matrices) {
            CsrMatrix a = BenchMatrices.load(name);
            int n = a.dimension();
            int[] ptr = a.rowPointers();
            int[] col = a.columnIndices();
            double[] val = a.values();
            RowSplit split = new RowSplit(ptr, 2);
            Map<String, Op> ops = new LinkedHashMap<>();
            ops.put("triad t1", () -> {
                for (int i = 0; i < TRIAD_LENGTH; i++) {
                    ta[i] = tb[i] + 3.0 * tc[i];
                }
            });
            ops.put("triad t2", () -> triadSplit.run((p, from, to) -> {
                for (int i = from; i < to; i++) {
                    ta[i] = tb[i] + 3.0 * tc[i];
                }
            }));
            Random rnd = new Random(1);
            for (int bs : new int[]{1, 2, 4, 8, 16}) {
                double[] x = new double[n * bs];
                double[] y = new double[n * bs];
                for (int i = 0; i < x.length; i++) {
                    x[i] = rnd.nextDouble() - 0.5;
                }
                if (bs == 2) { // what CsrMatrix.apply runs for two vectors; the CSR kernel as "before"
                    SlicedEllpack sell = SlicedEllpack.of(ptr, col, val, n);
                    ops.put("spmm B2 t1", () -> sell.multiply2(x, y));
                    ops.put("spmmBefore B2 t1", () -> SparseKernels.spmmRows(ptr, col, val, 0, n, x, y, 2));
                    ops.put("spmm B2 t2", () -> split.run((p, from, to) ->
                            SparseKernels.spmmRows(ptr, col, val, from, to, x, y, 2)));
                } else if (bs == 1) { // what CsrMatrix.apply runs for one vector; the CSR row loop as "before"
                    SlicedEllpack sell = SlicedEllpack.of(ptr, col, val, n);
                    System.err.printf(Locale.ROOT, "%s: SELL-%d-%d stores %.4f entries per nonzero%n", name,
                            SlicedEllpack.C, SlicedEllpack.SIGMA, sell.paddingRatio());
                    int chunks = sell.chunks();
                    ops.put("spmm B1 t1", () -> sell.multiply(x, y));
                    ops.put("spmm B1 t2", () -> split.run((p, from, to) ->
                            sell.multiplyChunks(x, y, p == 0 ? 0 : chunks / 2, p == 0 ? chunks / 2 : chunks)));
                    ops.put("spmmBefore B1 t1", () -> SparseKernels.spmmRows(ptr, col, val, 0, n, x, y, 1));
                    ops.put("spmmBefore B1 t2", () -> split.run((p, from, to) ->
                            SparseKernels.spmmRows(ptr, col, val, from, to, x, y, 1)));
                } else {
                    ops.put("spmm B" + bs + " t1", () -> SparseKernels.spmmRows(ptr, col, val, 0, n, x, y, bs));
                    ops.put("spmm B" + bs + " t2", () -> split.run((p, from, to) ->
                            SparseKernels.spmmRows(ptr, col, val, from, to, x, y, bs)));
                }
                if (bs > 2) {
                    ops.put("spmmBefore B" + bs + " t1", () -> spmmBefore(ptr, col, val, x, y, bs));
                }
            }
            for (int bs = 1; bs <= 2; bs++) {
                double[] x = new double[n * bs];
                double[] y = new double[n * bs];
                for (int i = 0; i < x.length; i++) {
                    x[i] = rnd.nextBoolean() ? 1.0 : -1.0;
                }
                InMemoryLanczos lanczos = new InMemoryLanczos(a, x, bs, Reorthogonalization.NONE, false);
                ThreePassLanczos three = new ThreePassLanczos(a, x, bs);
                IdentityBetaLanczos ident = new IdentityBetaLanczos(a, x, bs);
                final int b = bs;
                ops.put("lanczos spmv B" + bs, () -> a.apply(x, y, b));
                ops.put("lanczos step B" + bs, lanczos::step);
                ops.put("lanczos threePass B" + bs, three::step);
                ops.put("lanczos identityBeta B" + bs, ident::step);
            }
            List<String> names = new ArrayList<>(ops.keySet());
            Map<String, List<Double>> times = new LinkedHashMap<>();
            for (String s : names) {
                times.put(s, new ArrayList<>());
            }
            Random order = new Random(2);
            double load0 = load();
            long t0 = System.nanoTime();
            for (int r = 0; r < warmup + rounds; r++) {
                Collections.shuffle(names, order);
                for (String s : names) {
                    boolean wall = s.endsWith(" t2");
                    long st = wall ? System.nanoTime() : CPU.getCurrentThreadCpuTime();
                    ops.get(s).run();
                    double ms = ((wall ? System.nanoTime() : CPU.getCurrentThreadCpuTime()) - st) * 1e-6;
                    if (r >= warmup) {
                        times.get(s).add(ms);
                    }
                }
            }
            System.err.printf(Locale.ROOT, "%s: %d rounds in %.1f s, load %.2f -> %.2f%n", name, warmup + rounds,
                    (System.nanoTime() - t0) * 1e-9, load0, load());
            split.close();
            Map<String, double[]> stats = new LinkedHashMap<>();
            for (String s : ops.keySet()) {
                double[] v = times.get(s).stream().mapToDouble(Double::doubleValue).sorted().toArray();
                double min = v[0];
                double med = v.length % 2 == 1 ? v[v.length / 2] : 0.5 * (v[v.length / 2 - 1] + v[v.length / 2]);
                stats.put(s, new double[]{min, med, n, a.nonzeros()});
                csv.add(String.format(Locale.ROOT, "%s,%d,%d,%s,%.4f,%.4f,%d", name, n, a.nonzeros(), s, min, med,
                        v.length));
            }
            all.put(name, stats);
        }
        triadSplit.close();
        StringBuilder md = new StringBuilder();
        report(all, md, pngDir);
        System.out.print(md);
        if (out != null) {
            Files.write(out, csv);
        }
    }

    private static double load() {
        try {
            return Double.parseDouble(Files.readString(Paths.get("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private static void spmmBefore(int[] rowPtr, int[] colIdx, double[] values, double[] x, double[] y, int bs) {
        int rows = rowPtr.length - 1;
        for (int i = 0; i < rows; i++) {
            int yo = i * bs;
            for (int b = 0; b < bs; b++) {
                y[yo + b] = 0.0;
            }
            for (int p = rowPtr[i]; p < rowPtr[i + 1]; p++) {
                double a = values[p];
                int xo = colIdx[p] * bs;
                for (int b = 0; b < bs; b++) {
                    y[yo + b] += a * x[xo + b];
                }
            }
        }
    }

    private static void report(Map<String, Map<String, double[]>> all, StringBuilder md, Path pngDir)
            throws IOException {
        md.append("#### Sparse products (min over rounds; median in parentheses)\n\n")
                .append("| matrix | n | nnz | threads | B | ms | GB/s (byte model) | triad GB/s | % of triad | time / time(B=1) | before ms (B = 1, 2: CSR kernel; B > 2: pre-chunk kernel) |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        Map<Integer, CategoryChart> charts = new LinkedHashMap<>();
        Map<String, List<Double>> pct = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, double[]>> e : all.entrySet()) {
            Map<String, double[]> s = e.getValue();
            for (int t = 1; t <= 2; t++) {
                double triadMs = s.get("triad t" + t)[0];
                double triad = 24.0 * TRIAD_LENGTH / (triadMs * 1e-3) / 1e9;
                for (int bs : new int[]{1, 2, 4, 8, 16}) {
                    double[] v = s.get("spmm B" + bs + " t" + t);
                    double[] v1 = s.get("spmm B1 t" + t);
                    double n = v[2];
                    double nnz = v[3];
                    double bytes = 12.0 * nnz + 4.0 * (n + 1) + 16.0 * bs * n;
                    double gbs = bytes / (v[0] * 1e-3) / 1e9;
                    double[] before = s.get("spmmBefore B" + bs + " t" + t);
                    md.append(String.format(Locale.ROOT,
                            "| %s | %.0f | %.0f | %d | %d | %.3f (%.3f) | %.2f | %.2f | %.0f%% | %.2f (%.2f) | %s |%n",
                            e.getKey(), n, nnz, t, bs, v[0], v[1], gbs, triad, 100 * gbs / triad, v[0] / v1[0],
                            v[1] / v1[1], before == null ? "-" : String.format(Locale.ROOT, "%.3f (%.3f)", before[0],
                                    before[1])));
                    pct.computeIfAbsent(t + "|" + bs, x -> new ArrayList<>()).add(100 * gbs / triad);
                }
            }
        }
        md.append("\n#### Lanczos step / bare product, 1 thread (min over rounds; median in parentheses)\n\n")
                .append("| matrix | B | SpMV ms | core step ms | core step / SpMV | three-pass (before) / SpMV | identity-beta / SpMV |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|\n");
        List<String> labels = new ArrayList<>();
        List<Double> fused = new ArrayList<>();
        List<Double> three = new ArrayList<>();
        List<Double> ident = new ArrayList<>();
        for (Map.Entry<String, Map<String, double[]>> e : all.entrySet()) {
            Map<String, double[]> s = e.getValue();
            for (int bs = 1; bs <= 2; bs++) {
                double[] spmv = s.get("lanczos spmv B" + bs);
                double[] step = s.get("lanczos step B" + bs);
                double[] tp = s.get("lanczos threePass B" + bs);
                double[] ib = s.get("lanczos identityBeta B" + bs);
                md.append(String.format(Locale.ROOT, "| %s | %d | %.3f (%.3f) | %.3f (%.3f) | %.2f (%.2f) | %.2f (%.2f) | %.2f (%.2f) |%n",
                        e.getKey(), bs, spmv[0], spmv[1], step[0], step[1], step[0] / spmv[0], step[1] / spmv[1],
                        tp[0] / spmv[0], tp[1] / spmv[1], ib[0] / spmv[0], ib[1] / spmv[1]));
                labels.add(e.getKey() + " B=" + bs);
                fused.add(step[0] / spmv[0]);
                three.add(tp[0] / spmv[0]);
                ident.add(ib[0] / spmv[0]);
            }
        }
        md.append('\n');
        if (pngDir == null) {
            return;
        }
        Files.createDirectories(pngDir);
        for (int t = 1; t <= 2; t++) {
            CategoryChart c = new CategoryChartBuilder().width(900).height(480)
                    .title("Sparse product on " + t + " thread" + (t > 1 ? "s" : "")
                            + (t == 1 ? " (B = 1, 2: SELL; B > 2: CSR)" : " (B = 1: SELL; B > 1: CSR)")
                            + ": GB/s (byte model) / triad GB/s")
                    .xAxisTitle("matrix").yAxisTitle("% of triad bandwidth").build();
            c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
            List<String> xs = new ArrayList<>(all.keySet());
            for (int bs : new int[]{1, 2, 4, 8, 16}) {
                c.addSeries("B = " + bs, xs, pct.get(t + "|" + bs));
            }
            c.addSeries("goal 70%", xs, Collections.nCopies(xs.size(), 70.0));
            BitmapEncoder.saveBitmap(c, pngDir.resolve("benchmarks-kernels-spmm-" + t + "t").toString(),
                    BitmapEncoder.BitmapFormat.PNG);
        }
        CategoryChart c = new CategoryChartBuilder().width(900).height(480)
                .title("Lanczos step time / bare product time (1 thread, min over rounds)")
                .xAxisTitle("matrix, B").yAxisTitle("ratio").build();
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        c.getStyler().setXAxisLabelRotation(30);
        c.addSeries("three-pass step (before)", labels, three);
        c.addSeries("core step (fused, after)", labels, fused);
        c.addSeries("identity-beta (not in core)", labels, ident);
        c.addSeries("goal 1.2", labels, Collections.nCopies(labels.size(), 1.2));
        BitmapEncoder.saveBitmap(c, pngDir.resolve("benchmarks-kernels-lanczos-step").toString(),
                BitmapEncoder.BitmapFormat.PNG);
    }

}
