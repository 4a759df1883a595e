package org.matfun.core.bilinear;

import org.matfun.core.lanczos.TridiagonalColumns;
import org.matfun.core.quadrature.GaussRadau;

/**
 * The Gauss-Radau extensions ({@link GaussRadau#extension}) of each run's current T_k, formed once per run, order k
 * and fixed node z, and handed to every function that asks for the same (r, k, z): the extension does not depend on
 * f, so a parameter list of F values (issue 14) pays for O(k^2) implicit QL on T~_{k+1} once per step instead of F
 * times. At most two nodes (the two ends of the spectrum interval) are kept per run; an entry is replaced when the
 * run's order changes. Not thread-safe: one per estimator run.
 */
final class RadauRules {

    private static final int SLOTS = 2;

    private final int[][] order;
    private final double[][] node;
    private final GaussRadau.Extension[][] extension;

    /** @param runs the block size B */
    RadauRules(int runs) {
        order = new int[runs][SLOTS];
        node = new double[runs][SLOTS];
        extension = new GaussRadau.Extension[runs][SLOTS];
    }

    /**
     * The extension of run r's T_k (k = t.steps(r)) with the node z, from the cache when it was formed at this k
     * and z.
     *
     * @return the extension, or null if it is degenerate ({@link GaussRadau#extension})
     */
    GaussRadau.Extension get(int r, TridiagonalColumns t, double z, double startNorm) {
        int k = t.steps(r);
        int free = -1;
        for (int s = 0; s < SLOTS; s++) {
            if (order[r][s] == k && Double.compare(node[r][s], z) == 0) {
                return extension[r][s];
            }
            if (order[r][s] != k && free < 0) {
                free = s;
            }
        }
        GaussRadau.Extension e = GaussRadau.extension(t.alphas(r), t.betas(r), k, t.lastBeta(r), z, startNorm);
        int s = free < 0 ? 0 : free;
        order[r][s] = k;
        node[r][s] = z;
        extension[r][s] = e;
        return e;
    }
}
