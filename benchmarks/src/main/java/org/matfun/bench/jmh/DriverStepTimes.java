package org.matfun.bench.jmh;

import org.matfun.core.bilinear.BilinearFormEstimator;
import org.matfun.core.bilinear.BilinearFormResult;
import org.matfun.core.bilinear.GradientKind;
import org.matfun.core.bilinear.StepRecord;
import org.matfun.core.function.MatrixFunction;
import org.matfun.core.lanczos.InMemoryLanczos;
import org.matfun.core.lanczos.LanczosOptions;
import org.matfun.core.lanczos.LanczosRecurrence;
import org.matfun.core.lanczos.LanczosStep;
import org.matfun.core.lanczos.Reorthogonalization;
import org.matfun.core.operator.CsrMatrix;
import org.matfun.core.quadrature.TridiagonalEigen;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * Driver-side work per Lanczos step of {@link BilinearFormEstimator} as a function of k, without the matrix:
 * K steps of a real Lanczos run (B = 2 columns u + v, u - v with Rademacher u, v, no reorthogonalization) are
 * recorded once, then replayed to the estimator with unreachable tolerances, so that every configuration takes
 * exactly K steps and each step's time is the estimator's own work (T_k eigendecomposition, quadrature, stopping
 * rule, and every 10 steps the gradient change). Reported per k in {50, 200, 1000} (those <= K): the mean
 * step time over the steps k-9..k (one gradient check among them), per configuration:
 * value (the parameter derivative requested, O(k) extra every 10 steps, as in benchmarks/step-times.sh) and
 * edge gradient (GradientKind.MATRIX). Also the time of one {@link TridiagonalEigen#decompose} of T_k alone.
 *
 * <p>Usage: {@code DriverStepTimes --matrix CA-HepPh --function exp:beta=0.1 --steps 1000 --label after
 * --out benchmarks/results/driver-after.csv}. CSV: label,configuration,step,seconds (one line per step), then
 * label,decompose,k,seconds lines. A table goes to stdout.
 */
public final class DriverStepTimes {

    private DriverStepTimes() {
    }

    public static void main(String[] args) throws IOException {
        String matrix = "CA-HepPh";
        String function = "exp:beta=0.1";
        int steps = 1000;
        String label = "run";
        Path out = null;
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--matrix": matrix = args[i + 1]; break;
                case "--function": function = args[i + 1]; break;
                case "--steps": steps = Integer.parseInt(args[i + 1]); break;
                case "--label": label = args[i + 1]; break;
                case "--out": out = Paths.get(args[i + 1]); break;
                default:
                    System.err.println("unknown option " + args[i]
                            + "; expected --matrix NAME --function SPEC --steps K --label L --out FILE.csv");
                    System.exit(2);
            }
        }
        CsrMatrix a = BenchMatrices.load(matrix);
        int n = a.dimension();
        double[] start = new double[2 * n];
        Random rnd = new Random(7);
        for (int i = 0; i < n; i++) {
            double u = rnd.nextBoolean() ? 1 : -1;
            double v = rnd.nextBoolean() ? 1 : -1;
            start[2 * i] = u + v;
            start[2 * i + 1] = u - v;
        }
        InMemoryLanczos live = new InMemoryLanczos(a, start, 2, Reorthogonalization.NONE, false);
        double[] norms = live.startNorms();
        List<LanczosStep> recorded = new ArrayList<>();
        for (int k = 0; k < steps; k++) {
            recorded.add(live.step());
        }
        MatrixFunction f = MatrixFunction.parse(function);
        LanczosOptions options = LanczosOptions.defaults().withMaxSteps(steps).withTolerance(1e-300)
                .withGradientTolerance(1e-300);
        String[] names = {"value", "edge gradient"};
        List<Set<GradientKind>> kinds = List.of(EnumSet.of(GradientKind.PARAMETER), EnumSet.of(GradientKind.MATRIX));
        int[] ks = {50, 200, 1000};
        List<String> lines = new ArrayList<>();
        StringBuilder table = new StringBuilder();
        table.append("| configuration | ").append(matrix).append(" |");
        for (int k : ks) {
            if (k <= steps) {
                table.append(" ms/step at k = ").append(k).append(" |");
            }
        }
        table.append(" total (s) | termination |\n|---|---|");
        for (int k : ks) {
            if (k <= steps) {
                table.append("---:|");
            }
        }
        table.append("---:|---|\n");
        // warm-up: one short run of each configuration
        for (Set<GradientKind> g : kinds) {
            new BilinearFormEstimator(f, options.withMaxSteps(Math.min(steps, 300)), g)
                    .run(new Replay(recorded, norms), new double[]{0.25, -0.25}, r -> { });
        }
        for (int c = 0; c < names.length; c++) {
            System.gc();
            double[] t = new double[steps + 1];
            long t0 = System.nanoTime();
            BilinearFormResult r = new BilinearFormEstimator(f, options, kinds.get(c))
                    .run(new Replay(recorded, norms), new double[]{0.25, -0.25}, rec -> t[rec.step()] = now(t0));
            table.append("| ").append(names[c]).append(" | ").append(label).append(" |");
            for (int k : ks) {
                if (k <= steps) {
                    table.append(String.format(Locale.ROOT, " %.3f |", 1e3 * (t[k] - t[k - 10]) / 10));
                }
            }
            table.append(String.format(Locale.ROOT, " %.1f | %s, %d steps |%n", t[steps], r.termination(),
                    r.steps()));
            for (int k = 1; k <= steps; k++) {
                lines.add(label + "," + names[c] + "," + k + "," + (t[k] - t[k - 1]));
            }
        }
        double[][] alphas = new double[1][steps];
        double[][] betas = new double[1][steps];
        for (int k = 0; k < steps; k++) {
            alphas[0][k] = recorded.get(k).alphas()[0];
            betas[0][k] = recorded.get(k).betas()[0];
        }
        table.append("\n| one TridiagonalEigen.decompose of T_k (ms) | ").append(label).append(" |");
        for (int k : ks) {
            if (k <= steps) {
                int reps = Math.max(3, 20_000 / k);
                double best = Double.POSITIVE_INFINITY;
                for (int rep = 0; rep < reps; rep++) {
                    long s = System.nanoTime();
                    TridiagonalEigen.decompose(alphas[0], betas[0], k);
                    best = Math.min(best, (System.nanoTime() - s) * 1e-9);
                }
                table.append(String.format(Locale.ROOT, " %.3f |", 1e3 * best));
                lines.add(label + ",decompose," + k + "," + best);
            }
        }
        table.append("\n");
        System.out.print(table);
        if (out != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
            try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out))) {
                w.println("label,configuration,step,seconds");
                for (String l : lines) {
                    w.println(l);
                }
            }
        }
    }

    private static double now(long t0) {
        return (System.nanoTime() - t0) * 1e-9;
    }

    /** Hands out the recorded steps (no matrix work). */
    private static final class Replay implements LanczosRecurrence {
        private final List<LanczosStep> steps;
        private final double[] norms;
        private int next;
        private long matvecs;

        Replay(List<LanczosStep> steps, double[] norms) {
            this.steps = steps;
            this.norms = norms.clone();
        }

        @Override
        public int blockSize() {
            return norms.length;
        }

        @Override
        public double[] startNorms() {
            return norms.clone();
        }

        @Override
        public LanczosStep step() {
            LanczosStep s = steps.get(next++);
            matvecs += 2;
            return s;
        }

        @Override
        public long matvecs() {
            return matvecs;
        }
    }

}
