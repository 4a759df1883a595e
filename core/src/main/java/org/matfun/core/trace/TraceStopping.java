package org.matfun.core.trace;

/** Why a Hutchinson estimate stopped adding probes. */
public enum TraceStopping {
    /** No target was set: exactly the requested number of probes was used. */
    PROBES_DONE,
    /** The relative standard error of the trace (and of every gradient entry, if requested) met the target. */
    TARGET_MET,
    /** A target was set but the probe budget ran out before it was met; the estimate is the last one. */
    PROBE_BUDGET
}
