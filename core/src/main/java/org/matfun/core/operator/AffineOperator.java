package org.matfun.core.operator;

import java.util.List;

/**
 * The affine family A(theta) = A_0 + sum_i theta_i A_i (DESIGN 2.3), applied without forming the sum.
 * Gradients with respect to theta_i are taken by {@code ForwardOnlyGradient} from the components.
 */
public final class AffineOperator implements SymmetricOperator {

    private final SymmetricOperator base;
    private final List<SymmetricOperator> components;
    private final double[] theta;

    /**
     * @param base       A_0 (may be null for A = sum_i theta_i A_i)
     * @param components A_1..A_m, m >= 1, all of the same order
     * @param theta      theta_1..theta_m, finite, length m
     * @throws IllegalArgumentException if the orders or lengths disagree, m = 0, or a theta is not finite
     */
    public AffineOperator(SymmetricOperator base, List<SymmetricOperator> components, double[] theta) {
        if (components.isEmpty() || components.size() != theta.length) {
            throw new IllegalArgumentException("need m >= 1 components and m thetas, got "
                    + components.size() + " components and " + theta.length + " thetas");
        }
        int n = components.get(0).dimension();
        for (int i = 0; i < components.size(); i++) {
            if (components.get(i).dimension() != n) {
                throw new IllegalArgumentException("component " + (i + 1) + " has order "
                        + components.get(i).dimension() + ", expected " + n);
            }
            if (!Double.isFinite(theta[i])) {
                throw new IllegalArgumentException("theta_" + (i + 1) + " = " + theta[i] + "; expected finite");
            }
        }
        if (base != null && base.dimension() != n) {
            throw new IllegalArgumentException("A_0 has order " + base.dimension() + ", expected " + n);
        }
        this.base = base;
        this.components = List.copyOf(components);
        this.theta = theta.clone();
    }

    /** The components A_1..A_m. */
    public List<SymmetricOperator> components() {
        return components;
    }

    /** theta_1..theta_m (a copy). */
    public double[] theta() {
        return theta.clone();
    }

    @Override
    public int dimension() {
        return components.get(0).dimension();
    }

    @Override
    public long nonzeros() {
        long s = base == null ? 0 : base.nonzeros();
        for (SymmetricOperator c : components) {
            s += c.nonzeros();
        }
        return s;
    }

    @Override
    public void apply(double[] x, double[] y, int blockSize) {
        double[] t = new double[y.length];
        if (base != null) {
            base.apply(x, y, blockSize);
        } else {
            java.util.Arrays.fill(y, 0.0);
        }
        for (int i = 0; i < components.size(); i++) {
            components.get(i).apply(x, t, blockSize);
            double th = theta[i];
            for (int e = 0; e < y.length; e++) {
                y[e] += th * t[e];
            }
        }
    }
}
