package org.matfun.spark.jobs;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import org.matfun.core.trace.TraceResult;

import java.util.List;

/**
 * What a trace job computed.
 *
 * @param result          mean, standard error, 95% interval of tr f(A) and of the theta-gradient; probes, steps
 * @param probeRows       one CSV line per probe: probe, block, value, logScale, then one gradient entry per theta
 * @param n               order of A
 * @param nnz             stored nonzeros of A = sum_i theta_i A_i (both triangles)
 * @param partitions      row blocks
 * @param blockSize       B, probes per Lanczos block
 * @param blockSizeReason how B was chosen (memory rule or --block-size)
 * @param basisKept       whether the Lanczos basis was kept on the executors (8 n k bytes per probe)
 * @param edgeGradient    rows (src, dst, gradient, standardError): the probe mean of d tr f(A)/dw per stored
 *                        undirected edge and its standard error across probes, or null
 * @param edgeLogScale    scale of the edge gradient: d tr f(A)/dw = gradient * exp(edgeLogScale)
 * @param loadSeconds     reading, combining and partitioning the components
 * @param traceSeconds    the probe blocks (Lanczos steps, quadrature, gradients)
 * @param execution       the execution mode, its reason and (run-parallel mode) the task records
 * @param stringIds       true if the node ids (src, dst of the edge gradient) are strings
 */
public record TraceOutcome(TraceResult result, List<String> probeRows, long n, long nnz, int partitions,
                           int blockSize, String blockSizeReason, boolean basisKept, JavaRDD<Row> edgeGradient,
                           double edgeLogScale, double loadSeconds, double traceSeconds,
                           java.util.Map<String, Object> execution, boolean stringIds) {
}
