package org.matfun.bench.jmh;

import org.matfun.core.lanczos.InMemoryLanczos;
import org.matfun.core.lanczos.LanczosStep;
import org.matfun.core.lanczos.Reorthogonalization;
import org.matfun.core.operator.CsrMatrix;
import org.matfun.core.quadrature.TridiagonalEigen;
import org.matfun.core.quadrature.TridiagonalEnds;

import java.io.IOException;
import java.util.Locale;
import java.util.Random;

/**
 * The per-step eigen-work of the driver, side by side in one JVM: LAPACK dstevr on T_k with all eigenvectors
 * ({@link TridiagonalEigen#decompose}, what the driver ran every step before) against implicit QL on the first and
 * last rows ({@link TridiagonalEnds#compute}, what it runs from k = 128 on), on the T_k of a real Lanczos run
 * (matrix given, one Rademacher start, no reorthogonalization), k = 50, 200, 1000 (and 2000 if --steps allows).
 * The two are timed alternately for R repetitions; min and median in ms.
 *
 * <p>Usage: {@code DecomposeTimes --matrix CA-HepPh --steps 1000 --reps 9}.
 */
public final class DecomposeTimes {

    private DecomposeTimes() {
    }

    public static void main(String[] args) throws IOException {
        String matrix = "CA-HepPh";
        int steps = 1000;
        int reps = 9;
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--matrix": matrix = args[i + 1]; break;
                case "--steps": steps = Integer.parseInt(args[i + 1]); break;
                case "--reps": reps = Integer.parseInt(args[i + 1]); break;
                default:
                    System.err.println("unknown option " + args[i]);
                    System.exit(2);
            }
        }
        CsrMatrix a = BenchMatrices.load(matrix);
        double[] start = new double[a.dimension()];
        Random rnd = new Random(3);
        for (int i = 0; i < start.length; i++) {
            start[i] = rnd.nextBoolean() ? 1 : -1;
        }
        InMemoryLanczos lanczos = new InMemoryLanczos(a, start, 1, Reorthogonalization.NONE, false);
        double[] alphas = new double[steps];
        double[] betas = new double[steps];
        for (int k = 0; k < steps; k++) {
            LanczosStep s = lanczos.step();
            alphas[k] = s.alphas()[0];
            betas[k] = s.betas()[0];
        }
        System.out.println("| k | dstevr, all of S: min (median) ms | implicit QL, rows 1 and k: min (median) ms"
                + " | ratio of minima | max Ritz value difference / ||T_k|| |");
        System.out.println("|---:|---:|---:|---:|---:|");
        for (int k : new int[]{50, 200, 1000, 2000}) {
            if (k > steps) {
                continue;
            }
            int r = k <= 200 ? 10 * reps : reps;
            double[] full = new double[r];
            double[] ends = new double[r];
            TridiagonalEigen e = null;
            TridiagonalEnds q = null;
            for (int w = 0; w < 3; w++) {
                TridiagonalEigen.decompose(alphas, betas, k);
                TridiagonalEnds.compute(alphas, betas, k);
            }
            for (int i = 0; i < r; i++) {
                long t = System.nanoTime();
                e = TridiagonalEigen.decompose(alphas, betas, k);
                full[i] = (System.nanoTime() - t) * 1e-6;
                t = System.nanoTime();
                q = TridiagonalEnds.compute(alphas, betas, k);
                ends[i] = (System.nanoTime() - t) * 1e-6;
            }
            java.util.Arrays.sort(full);
            java.util.Arrays.sort(ends);
            double diff = 0;
            for (int j = 0; j < k; j++) {
                diff = Math.max(diff, Math.abs(e.ritzValues()[j] - q.ritzValues()[j]));
            }
            System.out.printf(Locale.ROOT, "| %d | %.3f (%.3f) | %.3f (%.3f) | %.1f | %.1e |%n", k, full[0], full[r / 2],
                    ends[0], ends[r / 2], full[0] / ends[0], diff / e.norm());
        }
    }
}
