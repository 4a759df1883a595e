package org.matfun.spark.communicability;

import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.storage.StorageLevel;
import org.matfun.spark.io.LoadedMatrix;
import org.matfun.spark.io.MatrixEntry;
import scala.Tuple2;

import java.util.List;

/**
 * The matrix whose exponential is taken, built from the graph's weighted adjacency A (entries as read):
 * <ul>
 *   <li>{@code --weights ignore}: every stored entry becomes 1 (networkx's unweighted semantics: its
 *       communicability functions set A[A != 0] = 1); a self-loop stays a diagonal 1;</li>
 *   <li>{@code adjacency}: A;</li>
 *   <li>{@code normalized-adjacency}: D^{-1/2} A D^{-1/2}, d_i = sum_j A_ij (a self-loop counts once), which
 *       needs d_i > 0 for every node with an edge;</li>
 *   <li>{@code laplacian}: L = D - A (so a self-loop does not change L), used with exp(-beta L).</li>
 * </ul>
 * Cost: one shuffle of the entries for the degrees (normalized adjacency, Laplacian), one join.
 */
public final class GraphOperator {

    /**
     * Which matrix of the graph. The two magnetic kinds are complex Hermitian matrices of a directed graph
     * ({@link org.matfun.core.hermitian.MagneticOperator}), computed through their real embedding by
     * {@link MagneticCommunicability}, not by {@link #build}.
     */
    public enum Kind {
        ADJACENCY, NORMALIZED_ADJACENCY, LAPLACIAN, MAGNETIC_ADJACENCY, MAGNETIC_LAPLACIAN;

        /** @return true for the magnetic adjacency and Laplacian (complex Hermitian, directed graphs) */
        public boolean magnetic() {
            return this == MAGNETIC_ADJACENCY || this == MAGNETIC_LAPLACIAN;
        }

        /** @return true for a Laplacian (real or magnetic): exp(-beta L), positive semidefinite */
        public boolean laplacian() {
            return this == LAPLACIAN || this == MAGNETIC_LAPLACIAN;
        }
    }

    private GraphOperator() {
    }

    /**
     * @param m       the graph as read (weights as in the file)
     * @param kind    which matrix
     * @param weights true to use the weights, false to set every stored entry to 1
     * @return the matrix (entries persisted); the id map is the input's
     * @throws IllegalArgumentException for normalized adjacency when a node's weighted degree is not positive, and
     *                                  for the magnetic kinds (complex: {@link MagneticCommunicability})
     */
    public static LoadedMatrix build(LoadedMatrix m, Kind kind, boolean weights) {
        if (kind.magnetic()) {
            throw new IllegalArgumentException(kind + " is built from the directed graph by MagneticCommunicability");
        }
        JavaRDD<MatrixEntry> a = weights ? m.entries() : m.entries().map(e -> new MatrixEntry(e.row(), e.col(), 1.0));
        if (kind == Kind.ADJACENCY) {
            if (weights) {
                return m;
            }
            JavaRDD<MatrixEntry> p = a.persist(StorageLevel.MEMORY_AND_DISK());
            return m.withEntries(m.source(), m.nnz(), p);
        }
        JavaPairRDD<Long, Double> degrees = a.mapToPair(e -> new Tuple2<>(e.row(), e.value()))
                .reduceByKey(Double::sum).persist(StorageLevel.MEMORY_AND_DISK());
        JavaRDD<MatrixEntry> out;
        if (kind == Kind.NORMALIZED_ADJACENCY) {
            List<Tuple2<Long, Double>> bad = degrees.filter(t -> !(t._2() > 0)).take(1);
            if (!bad.isEmpty()) {
                throw new IllegalArgumentException("--operator normalized-adjacency needs positive weighted degrees,"
                        + " but node index " + bad.get(0)._1() + " has degree " + bad.get(0)._2()
                        + " (negative or cancelling weights)");
            }
            out = a.mapToPair(e -> new Tuple2<>(e.row(), e))
                    .join(degrees)
                    .mapToPair(t -> new Tuple2<>(t._2()._1().col(),
                            new MatrixEntry(t._2()._1().row(), t._2()._1().col(),
                                    t._2()._1().value() / Math.sqrt(t._2()._2()))))
                    .join(degrees)
                    .map(t -> new MatrixEntry(t._2()._1().row(), t._2()._1().col(),
                            t._2()._1().value() / Math.sqrt(t._2()._2())));
        } else {
            JavaRDD<MatrixEntry> offDiagonal = a.filter(e -> e.row() != e.col())
                    .map(e -> new MatrixEntry(e.row(), e.col(), -e.value()));
            JavaRDD<MatrixEntry> diagonal = a.filter(e -> e.row() != e.col())
                    .mapToPair(e -> new Tuple2<>(e.row(), e.value()))
                    .reduceByKey(Double::sum)
                    .map(t -> new MatrixEntry(t._1(), t._1(), t._2()));
            out = offDiagonal.union(diagonal);
        }
        out = out.persist(StorageLevel.MEMORY_AND_DISK());
        long nnz = out.count();
        degrees.unpersist(false);
        return m.withEntries(m.source(), nnz, out);
    }
}
