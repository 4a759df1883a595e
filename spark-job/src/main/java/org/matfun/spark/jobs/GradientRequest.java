package org.matfun.spark.jobs;

/** The {@code --gradient} choice of the bilinear job. */
public enum GradientRequest {
    /** Value only. */
    NONE,
    /** dF/dw for every stored undirected edge (the basis is kept on the executors). */
    EDGES,
    /** dF/ds for the parameter s of f (beta of exp, p of power); driver-only. */
    PARAMETER
}
