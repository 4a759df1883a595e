package org.matfun.core.operator;

/**
 * A real symmetric dense matrix of order n, stored row-major (n x n). Meant for small problems and references.
 */
public final class DenseSymmetricMatrix implements SymmetricOperator {

    private final int n;
    private final double[] a;

    /**
     * @param n      order, n >= 1
     * @param values n * n entries, row-major; must be exactly symmetric
     * @throws IllegalArgumentException if the length is not n * n, an entry is not finite, or A(i, j) != A(j, i)
     */
    public DenseSymmetricMatrix(int n, double[] values) {
        if (n < 1 || values.length != (long) n * n) {
            throw new IllegalArgumentException("expected n >= 1 and n * n = " + ((long) n * n)
                    + " values, got n = " + n + " and " + values.length + " values");
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double v = values[i * n + j];
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("A(" + i + ", " + j + ") = " + v + "; expected finite");
                }
                if (j > i && v != values[j * n + i]) {
                    throw new IllegalArgumentException("matrix is not symmetric: A(" + i + ", " + j + ") = " + v
                            + " but A(" + j + ", " + i + ") = " + values[j * n + i]);
                }
            }
        }
        this.n = n;
        this.a = values.clone();
    }

    @Override
    public int dimension() {
        return n;
    }

    @Override
    public long nonzeros() {
        return (long) n * n;
    }

    @Override
    public void apply(double[] x, double[] y, int blockSize) {
        for (int i = 0; i < n; i++) {
            int yo = i * blockSize;
            for (int b = 0; b < blockSize; b++) {
                y[yo + b] = 0.0;
            }
            int ro = i * n;
            for (int j = 0; j < n; j++) {
                double aij = a[ro + j];
                if (aij == 0.0) {
                    continue;
                }
                int xo = j * blockSize;
                for (int b = 0; b < blockSize; b++) {
                    y[yo + b] += aij * x[xo + b];
                }
            }
        }
    }

    /** A(i, j). */
    public double get(int i, int j) {
        return a[i * n + j];
    }

    /** The n x n entries, row-major (a copy). */
    public double[] values() {
        return a.clone();
    }
}
