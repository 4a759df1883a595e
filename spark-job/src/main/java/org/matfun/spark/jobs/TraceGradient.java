package org.matfun.spark.jobs;

/** The {@code --gradient} choice of the trace job. */
public enum TraceGradient {
    /** Value only. */
    NONE,
    /** d tr f(A) / dtheta_i for every component, with standard errors. */
    THETA,
    /** d tr f(A) / dw for every stored undirected edge of A (mean over probes and its standard error; basis kept). */
    EDGES
}
