package org.matfun.core.hermitian;

import org.junit.jupiter.api.Test;
import org.matfun.core.operator.CsrMatrix;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link MagneticOperator}: the entries of H^(q) and L^(q) by their definition (MagNet, NeurIPS 2021), duplicates,
 * self-loops, q = 0, positive semidefiniteness of L, and the C. elegans neural network (directed, weighted).
 */
class MagneticOperatorTest {

    private static final double EPS = Math.ulp(1.0);

    @Test
    void smallGraphEntriesFollowTheDefinition() {
        // 0 -> 1 (w 2) one way; 1 <-> 2 both ways (3 and 1); 2 -> 0 twice (0.5 + 1.5, duplicates summed); loop 1 -> 1
        int[] src = {0, 1, 2, 2, 2, 1};
        int[] dst = {1, 2, 1, 0, 0, 1};
        double[] w = {2, 3, 1, 0.5, 1.5, 4};
        double q = 0.25;
        HermitianCsrMatrix h = MagneticOperator.adjacency(src, dst, w, 3, q);
        // one-way p -> q: H_pq = (w_pq / 2) e^{2 pi i q}
        assertClose(new Complex(Math.cos(2 * Math.PI * q), Math.sin(2 * Math.PI * q)), h.get(0, 1)); // (2 + 0) / 2
        assertClose(new Complex(Math.cos(2 * Math.PI * q), -Math.sin(2 * Math.PI * q)), h.get(1, 0));
        assertClose(new Complex(2.0, 0), h.get(1, 2)); // (3 + 1) / 2, theta 0
        assertClose(new Complex(Math.cos(2 * Math.PI * q), Math.sin(2 * Math.PI * q)), h.get(2, 0)); // 2 -> 0: w 2
        assertClose(new Complex(4, 0), h.get(1, 1));
        assertEquals(Complex.ZERO, h.get(0, 0));
        HermitianCsrMatrix l = MagneticOperator.laplacian(src, dst, w, 3, q);
        // D_s: node 0: 1 + 1 = 2; node 1: 1 + 2 (+ loop 4, cancelled in L) = 3; node 2: 2 + 1 = 3
        assertClose(new Complex(2, 0), l.get(0, 0));
        assertClose(new Complex(3, 0), l.get(1, 1));
        assertClose(new Complex(3, 0), l.get(2, 2));
        assertClose(h.get(0, 1).times(-1), l.get(0, 1));
        assertClose(h.get(1, 2).times(-1), l.get(1, 2));
    }

    private static void assertClose(Complex expected, Complex actual) {
        assertEquals(expected.re(), actual.re(), 4 * EPS * (1 + expected.abs()), "re of " + actual);
        assertEquals(expected.im(), actual.im(), 4 * EPS * (1 + expected.abs()), "im of " + actual);
    }

    @Test
    void celegansMagneticOperators() {
        NewmanGml g = NewmanGml.read("networks/celegansneural.gml.gz");
        assertTrue(g.directed());
        assertEquals(297, g.n());
        assertEquals(2359, g.src().length);
        HermitianCsrMatrix h = MagneticOperator.adjacency(g.src(), g.dst(), g.w(), g.n(), 0.25);
        // independent count: distinct unordered pairs (README: 2,148) stored twice, plus self-loop diagonal entries
        Set<Long> unordered = new HashSet<>();
        Map<Long, Double> directed = new HashMap<>();
        int loops = 0;
        Set<Integer> loopNodes = new HashSet<>();
        for (int e = 0; e < g.src().length; e++) {
            int p = g.src()[e];
            int q = g.dst()[e];
            directed.merge((long) p * g.n() + q, g.w()[e], Double::sum);
            if (p == q) {
                loopNodes.add(p);
            } else {
                unordered.add((long) Math.min(p, q) * g.n() + Math.max(p, q));
            }
        }
        loops = loopNodes.size();
        assertEquals(2148, unordered.size() + loops);
        assertEquals(2L * unordered.size() + loops, h.nonzeros());
        // every entry by the definition, from the independent map of summed directed weights
        for (long key : unordered) {
            int p = (int) (key / g.n());
            int q = (int) (key % g.n());
            Double wpq = directed.get((long) p * g.n() + q);
            Double wqp = directed.get((long) q * g.n() + p);
            double ws = 0.5 * ((wpq == null ? 0 : wpq) + (wqp == null ? 0 : wqp));
            double theta = 2 * Math.PI * 0.25 * ((wpq == null ? 0 : 1) - (wqp == null ? 0 : 1));
            assertClose(new Complex(ws * Math.cos(theta), ws * Math.sin(theta)), h.get(p, q));
        }
        // L is positive semidefinite and its spectrum lies in the Gershgorin interval
        HermitianCsrMatrix l = MagneticOperator.laplacian(g.src(), g.dst(), g.w(), g.n(), 0.25);
        DenseHermitian d = DenseHermitian.of(l);
        double top = d.lambda[2 * g.n() - 1];
        assertTrue(d.lambda[0] >= -64 * g.n() * EPS * top, "smallest eigenvalue " + d.lambda[0]);
        assertTrue(l.spectrumBounds().upper() >= top);
        // for q = 1/4 a directed graph with one-way edges in cycles is not balanced: lambda_min > 0 clearly
        assertTrue(d.lambda[0] > 1e-6 * top, "lambda_min " + d.lambda[0]);
    }

    /** q = 0: the symmetrized real graph (A + A^T) / 2 and its Laplacian, entry by entry. */
    @Test
    void chargeZeroIsTheSymmetrizedGraph() {
        NewmanGml g = NewmanGml.read("networks/celegansneural.gml.gz");
        HermitianCsrMatrix h = MagneticOperator.adjacency(g.src(), g.dst(), g.w(), g.n(), 0.0);
        CsrMatrix s = symmetrized(g);
        assertEquals(s.nonzeros(), h.nonzeros());
        double[] im = h.imaginaryParts();
        int[] ptr = h.rowPointers();
        int[] col = h.columnIndices();
        double[] re = h.realParts();
        for (int i = 0; i < g.n(); i++) {
            for (int p = ptr[i]; p < ptr[i + 1]; p++) {
                assertEquals(0.0, im[p]);
                assertEquals(s.get(i, col[p]), re[p], 4 * EPS * Math.abs(re[p]));
            }
        }
        HermitianCsrMatrix l = MagneticOperator.laplacian(g.src(), g.dst(), g.w(), g.n(), 0.0);
        // real Laplacian rows sum to zero
        double[] lre = l.realParts();
        int[] lptr = l.rowPointers();
        for (int i = 0; i < g.n(); i++) {
            double sum = 0;
            double abs = 0;
            for (int p = lptr[i]; p < lptr[i + 1]; p++) {
                sum += lre[p];
                abs += Math.abs(lre[p]);
            }
            assertEquals(0.0, sum, 8 * EPS * abs);
        }
    }

    /** (A + A^T) / 2 of the records (duplicates summed), as the real code's CsrMatrix. */
    static CsrMatrix symmetrized(NewmanGml g) {
        int m = g.src().length;
        int[] r = new int[2 * m];
        int[] c = new int[2 * m];
        double[] v = new double[2 * m];
        for (int e = 0; e < m; e++) {
            r[2 * e] = g.src()[e];
            c[2 * e] = g.dst()[e];
            v[2 * e] = 0.5 * g.w()[e];
            r[2 * e + 1] = g.dst()[e];
            c[2 * e + 1] = g.src()[e];
            v[2 * e + 1] = 0.5 * g.w()[e];
        }
        return CsrMatrix.fromCoordinates(g.n(), r, c, v);
    }

    @Test
    void badEdgeListsAreRejectedWithTheRecord() {
        IllegalArgumentException node = assertThrows(IllegalArgumentException.class,
                () -> MagneticOperator.adjacency(new int[]{0, 5}, new int[]{1, 0}, new double[]{1, 1}, 3, 0.25));
        assertTrue(node.getMessage().contains("edge record 1 (5 -> 0) has a node outside [0, 3)"), node.getMessage());
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> MagneticOperator.laplacian(new int[]{0}, new int[]{1}, new double[]{Double.NaN}, 3, 0.25));
        assertTrue(nan.getMessage().contains("edge record 0 (0 -> 1) has weight NaN"), nan.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> MagneticOperator.adjacency(new int[]{0}, new int[]{1}, new double[]{1}, 3, Double.NaN));
        assertThrows(IllegalArgumentException.class,
                () -> MagneticOperator.adjacency(new int[]{0}, new int[]{1, 2}, new double[]{1}, 3, 0.1));
    }
}
