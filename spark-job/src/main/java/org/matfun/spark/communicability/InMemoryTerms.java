package org.matfun.spark.communicability;

import org.matfun.core.operator.CsrMatrix;

/**
 * The terms of {@link TaylorPairs} on one machine (the run-parallel mode): X and S as n x B interleaved arrays, one
 * block product A X with core's CSR kernels per term. Memory: 3 n B doubles.
 */
final class InMemoryTerms implements TaylorPairs.Terms {

    private final CsrMatrix a;
    private final int n;
    private final int bs;
    private final int m;
    private final int[] wantRows;
    private final int[] wantCols;
    /** [term (n x B) | sum (n x B)], the layout of the distributed state. */
    private final double[] v;
    private final double[] x;
    private final double[] z;

    InMemoryTerms(CsrMatrix a, long[] columns, long[] rows, int[] column) {
        this.a = a;
        this.n = a.dimension();
        this.bs = columns.length;
        this.m = rows.length;
        this.wantRows = new int[m];
        for (int j = 0; j < m; j++) {
            wantRows[j] = (int) rows[j];
        }
        this.wantCols = column.clone();
        this.v = new double[2 * n * bs];
        this.x = new double[n * bs];
        this.z = new double[n * bs];
        for (int r = 0; r < bs; r++) {
            v[(int) columns[r] * bs + r] = 1.0;
            v[n * bs + (int) columns[r] * bs + r] = 1.0;
        }
    }

    @Override
    public double[] next(double c, double[] f) {
        System.arraycopy(v, 0, x, 0, n * bs);
        a.apply(x, z, bs);
        for (int i = 0; i < n; i++) {
            for (int r = 0; r < bs; r++) {
                int at = i * bs + r;
                double t = c * f[r] * z[at];
                v[at] = t;
                v[n * bs + at] = f[r] * v[n * bs + at] + t;
            }
        }
        double[] s = TaylorPairs.statistics(v, n, bs, m);
        for (int j = 0; j < m; j++) {
            s[2 * bs + 2 * j] = v[wantRows[j] * bs + wantCols[j]];
            s[2 * bs + 2 * j + 1] = v[n * bs + wantRows[j] * bs + wantCols[j]];
        }
        return s;
    }

    @Override
    public void release() {
    }
}
