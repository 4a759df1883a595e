package org.matfun.core.lanczos;

import java.util.List;

/**
 * A recurrence resumed from a checkpoint: it first hands out the recorded steps 1..t (so that the driver
 * rebuilds T_t, its quadrature and its stopping-rule state exactly as before, without touching A), then
 * continues with the live recurrence, which must already stand at step t.
 */
public final class ReplayingRecurrence implements LanczosRecurrence {

    private final List<LanczosStep> recorded;
    private final LanczosRecurrence live;
    private final long startMatvecs;
    private long replayedMatvecs;
    private int next;

    /**
     * @param recorded     the steps 1..t as they were returned the first time
     * @param startMatvecs matvecs spent before step 1 (0 in memory; the starting job on Spark)
     * @param live         the recurrence positioned after step t (same block size and start norms), whose
     *                     {@link #matvecs()} already counts steps 1..t
     */
    public ReplayingRecurrence(List<LanczosStep> recorded, long startMatvecs, LanczosRecurrence live) {
        this.recorded = List.copyOf(recorded);
        this.startMatvecs = startMatvecs;
        this.replayedMatvecs = startMatvecs;
        this.live = live;
    }

    @Override
    public int blockSize() {
        return live.blockSize();
    }

    @Override
    public double[] startNorms() {
        return live.startNorms();
    }

    @Override
    public LanczosStep step() {
        if (next < recorded.size()) {
            LanczosStep s = recorded.get(next++);
            for (boolean a : s.active()) {
                replayedMatvecs += a ? 1 : 0;
            }
            return s;
        }
        return live.step();
    }

    /** During the replay, the matvecs the recorded steps had used; then the live count. */
    @Override
    public long matvecs() {
        return next < recorded.size() ? replayedMatvecs : live.matvecs();
    }

    /** Steps still to be replayed. */
    public int remainingReplay() {
        return recorded.size() - next;
    }

    /** Matvecs spent before step 1. */
    public long startMatvecs() {
        return startMatvecs;
    }
}
