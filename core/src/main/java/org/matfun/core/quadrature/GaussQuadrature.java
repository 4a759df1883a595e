package org.matfun.core.quadrature;

import org.matfun.core.function.ScaledFunction;

/**
 * The k-point Gauss rule of a Lanczos decomposition (DESIGN 2.2): nodes lambda_j (Ritz values), weights
 * b_j^2 with b = ||v|| S^T e_1, so that v^T f(A) v ~ sum_j b_j^2 f(lambda_j) = ||v||^2 e_1^T f(T_k) e_1.
 * Exact for polynomials of degree <= 2k - 1. Cost O(k) once T_k is diagonalized.
 *
 * @param nodes   Ritz values, length k
 * @param weights b_j^2, length k, sum = ||v||^2
 */
public record GaussQuadrature(double[] nodes, double[] weights) {

    /** The rule of T_k = S diag(lambda) S^T started from a vector of norm {@code startNorm}. */
    public static GaussQuadrature of(TridiagonalEigen eigen, double startNorm) {
        int k = eigen.k();
        double[] w = new double[k];
        for (int j = 0; j < k; j++) {
            double b = startNorm * eigen.vector(0, j);
            w[j] = b * b;
        }
        return new GaussQuadrature(eigen.ritzValues().clone(), w);
    }

    /** The same rule from the Ritz values and the first row of S only ({@link TridiagonalEnds}). */
    public static GaussQuadrature of(TridiagonalEnds ends, double startNorm) {
        int k = ends.k();
        double[] w = new double[k];
        for (int j = 0; j < k; j++) {
            double b = startNorm * ends.first()[j];
            w[j] = b * b;
        }
        return new GaussQuadrature(ends.ritzValues().clone(), w);
    }

    /** sum_j weights_j f(nodes_j), in f's scale. */
    public double apply(ScaledFunction f) {
        double s = 0.0;
        for (int j = 0; j < nodes.length; j++) {
            s += weights[j] * f.value(nodes[j]);
        }
        return s;
    }

    /** sum_j weights_j d f_s(nodes_j) / ds, in f's scale: the derivative with respect to f's parameter. */
    public double applyParameterDerivative(ScaledFunction f) {
        double s = 0.0;
        for (int j = 0; j < nodes.length; j++) {
            s += weights[j] * f.parameterDerivative(nodes[j]);
        }
        return s;
    }
}
