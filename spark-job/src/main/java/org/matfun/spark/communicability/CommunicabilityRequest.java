package org.matfun.spark.communicability;

import org.matfun.spark.exec.Distribution;
import org.matfun.spark.io.InputFormat;
import org.matfun.spark.io.TableColumns;

import java.util.Set;

/**
 * What a {@code matfun communicability} run computes (validated by the command).
 *
 * @param graph             input path
 * @param format            input format
 * @param columns           table columns (for --format parquet|orc|table)
 * @param beta              beta of exp(beta A) (exp(-beta L) for the Laplacian)
 * @param weights           use the weights (false: every stored entry is 1)
 * @param operator          which matrix of the graph
 * @param pairsFile         {@code p q} lines, or null
 * @param nodesFile         node ids for exact subgraph centralities, or null
 * @param allNodes          estimate the subgraph centrality of every node (SLQ diagonal estimator)
 * @param total             total communicability and the node vector exp(beta A) 1
 * @param estrada           Estrada index tr exp(beta A) by SLQ
 * @param sensitivitiesTop  N of top:N, 0 for no sensitivities
 * @param sensitivityOf     measures whose sensitivities are computed: total, estrada, pairs, nodes
 * @param candidatesFile    non-edges {@code p q} whose derivative is sampled, or null
 * @param probes            Rademacher probes M for SLQ
 * @param seed              probe seed
 * @param tolerance         relative tolerance per value
 * @param maxSteps          Lanczos step budget per pass
 * @param partitions        row blocks
 * @param blockSize         starting vectors per pass, or 0 for automatic (from memory)
 * @param pairMethod        how pairs p != q are computed (see {@link PairMethod})
 * @param distribution      where the runs execute: rows, runs or auto (DESIGN 3.1b)
 * @param charge            the charge q of a magnetic operator (phases 2 pi q (a_pq - a_qp)); 0 for the others
 */
public record CommunicabilityRequest(String graph, InputFormat format, TableColumns columns, double beta, boolean weights,
                                     GraphOperator.Kind operator, String pairsFile, String nodesFile,
                                     boolean allNodes, boolean total, boolean estrada, int sensitivitiesTop,
                                     Set<String> sensitivityOf, String candidatesFile, int probes, long seed,
                                     double tolerance, int maxSteps, int partitions, int blockSize,
                                     PairMethod pairMethod, Distribution distribution, double charge) {

    /**
     * How a pair p != q is computed. AUTO (default): polarization, then the pairs whose rounding bound exceeds
     * 100 tol (or that ran out of steps) again by TAYLOR when the operator is nonnegative.
     */
    public enum PairMethod { AUTO, POLARIZATION, ONE_SIDED, TAYLOR }

    /** The operator as given on the command line: adjacency, ..., magnetic-adjacency:q=0.25. */
    public String operatorText() {
        String name = CommunicabilityJob.name(operator);
        return operator.magnetic() ? name + ":q=" + charge : name;
    }

    /** True for the one-sided Lanczos formula from e_q. */
    public boolean oneSided() {
        return pairMethod == PairMethod.ONE_SIDED;
    }

    /** True if sensitivities of {@code measure} (total, estrada, pairs, nodes) are requested. */
    public boolean sensitivities(String measure) {
        return sensitivitiesTop > 0 && sensitivityOf.contains(measure);
    }
}
