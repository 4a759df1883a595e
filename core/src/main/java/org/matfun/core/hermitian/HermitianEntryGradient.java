package org.matfun.core.hermitian;

/**
 * Derivatives of a complex F(A) with respect to the real parameters of a Hermitian A: for every stored entry
 * (p, q) with p <= q, the real part Re A_pq and (for p < q) the imaginary part Im A_pq, with A_qp = conj(A_pq)
 * following. Since F is complex, each derivative is a complex number. See {@link HermitianGradient#entryDerivatives}
 * for the formulas.
 *
 * @param rows               p of each entry, length m (the stored entries with p <= q, CSR order)
 * @param cols               q of each entry, length m
 * @param realDirection      dF/dRe(A_pq), 2 m doubles interleaved (re at 2 e, im at 2 e + 1); dF/dA_pp on the
 *                           diagonal
 * @param imaginaryDirection dF/dIm(A_pq), 2 m doubles interleaved; 0 on the diagonal (not a parameter: the
 *                           diagonal of a Hermitian matrix is real)
 * @param logScale           the derivatives are the stored numbers times e^logScale (the result's scale)
 */
public record HermitianEntryGradient(int[] rows, int[] cols, double[] realDirection, double[] imaginaryDirection,
                                     double logScale) implements java.io.Serializable {

    /** Number m of entries. */
    public int size() {
        return rows.length;
    }

    /** dF/dRe(A_pq) of entry e (in the scale e^logScale). */
    public Complex realDirection(int e) {
        return new Complex(realDirection[2 * e], realDirection[2 * e + 1]);
    }

    /** dF/dIm(A_pq) of entry e (in the scale e^logScale). */
    public Complex imaginaryDirection(int e) {
        return new Complex(imaginaryDirection[2 * e], imaginaryDirection[2 * e + 1]);
    }
}
