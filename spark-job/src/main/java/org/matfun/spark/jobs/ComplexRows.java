package org.matfun.spark.jobs;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.matfun.core.bilinear.GradientKind;
import org.matfun.core.hermitian.Complex;
import org.matfun.core.hermitian.ComplexFunction;
import org.matfun.core.hermitian.HermitianBilinearForm;
import org.matfun.core.hermitian.HermitianBilinearFormResult;
import org.matfun.core.hermitian.HermitianCsrMatrix;
import org.matfun.core.hermitian.HermitianEntryGradient;
import org.matfun.core.hermitian.HermitianFormEstimator;
import org.matfun.core.hermitian.HermitianRun;
import org.matfun.core.lanczos.LanczosOptions;
import org.matfun.core.lanczos.LanczosRecurrence;
import org.matfun.core.lanczos.LanczosStep;
import org.matfun.core.lanczos.ReplayingRecurrence;
import org.matfun.spark.lanczos.DistributedLanczos;
import org.matfun.spark.lanczos.EmbeddedEntryGradient;
import org.matfun.spark.lanczos.LanczosSnapshot;
import org.matfun.spark.matrix.BlockVector;
import org.matfun.spark.matrix.DistributedCsr;
import org.matfun.spark.matrix.HermitianEmbedding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A complex Hermitian bilinear form F = u^H f(A) v in the block-row plan (DESIGN 3.1; issue 14, "both execution
 * modes"): core's {@link HermitianFormEstimator} (the runs mode's estimator, stopping rule and error estimate)
 * drives the real {@link DistributedLanczos} on the interleaved real embedding M of A
 * ({@link HermitianEmbedding}, order 2n, ~4 nnz(A) stored entries), started from the interleaved polarization
 * block of {@link HermitianBilinearForm.Polarization} (B = 1 for u = v, 4 otherwise). Lanczos on M from the
 * interleaved z is the complex Hermitian Lanczos on A from z (same real T_k), so the value, the parameter
 * derivative (from T_k alone) and the steps are the runs mode's to rounding. The edge gradient comes from the basis
 * kept in the block states ({@link EmbeddedEntryGradient}).
 *
 * <p>Cost: per Lanczos step one Spark job over M (a halo exchange of 8 B bytes per halo row of M, i.e. 16 B per
 * halo node of A: twice the real pattern's), driver memory O(B k^2); the basis, when kept, 16 n k B bytes
 * cluster-wide. With a checkpoint directory the block states are saved every checkpoint interval (the real job's
 * {@link LanczosCheckpoint}) and a rerun of the same command replays the saved steps and continues.
 */
final class ComplexRows {

    private static final Logger LOG = LoggerFactory.getLogger("org.matfun.bilinear");

    private ComplexRows() {
    }

    /**
     * What the block-row plan reports besides the result.
     *
     * @param results          per function, in order: value, estimates, runs, parameter gradient and (edges) the
     *                         entry gradient
     * @param partitions       row blocks of M
     * @param order            2 n
     * @param entries          stored entries of M
     * @param haloEntries      rows of M received per halo exchange of width 1, summed over blocks
     * @param haloBytesPerStep 8 B haloEntries
     * @param haloBytes        halo bytes shuffled by all Lanczos steps of this run (resumed steps excluded)
     * @param resumedAt        the step a checkpoint resumed from, 0 if none
     * @param checkpoint       the checkpoint, or null without --checkpoint-dir
     */
    record Outcome(List<HermitianBilinearFormResult> results, int partitions, long order, long entries,
                   long haloEntries, long haloBytesPerStep, long haloBytes, int resumedAt,
                   LanczosCheckpoint checkpoint) {

        /** The result of the first (for a single function, the only) function. */
        HermitianBilinearFormResult result() {
            return results.get(0);
        }
    }

    /**
     * Runs the form (Spark jobs: the embedding's build, one per Lanczos step, checkpoints, the gradient pass).
     *
     * @param sc                 the context
     * @param a                  A of order n (on the driver)
     * @param polarization       the starting block and coefficients
     * @param functions          the functions, one or a parameter list (one Lanczos pass for all: core's
     *                           {@link HermitianFormEstimator#runAll})
     * @param options            budget, tolerances, reorthogonalization
     * @param kinds              requested gradients (MATRIX keeps the basis)
     * @param partitions         row blocks of M
     * @param source             name for messages
     * @param checkpointDir      --checkpoint-dir, or null
     * @param checkpointInterval steps between lineage truncations (and checkpoints)
     * @param fingerprint        what identifies the job for resuming
     * @throws IllegalStateException as {@link HermitianFormEstimator#run}
     */
    static Outcome run(JavaSparkContext sc, HermitianCsrMatrix a, HermitianBilinearForm.Polarization polarization,
                       List<ComplexFunction> functions, LanczosOptions options, Set<GradientKind> kinds, int partitions,
                       String source, String checkpointDir, int checkpointInterval, Map<String, Object> fingerprint) {
        boolean matrix = kinds.contains(GradientKind.MATRIX);
        int bs = polarization.blockSize();
        DistributedCsr m = DistributedCsr.build(HermitianEmbedding.load(sc, a, source, partitions),
                HermitianEmbedding.rowStarts(a, partitions));
        try {
            fingerprint.put("rowStarts", java.util.Arrays.toString(m.rowStarts()));
            LanczosCheckpoint checkpoint = checkpointDir == null ? null
                    : LanczosCheckpoint.open(sc, checkpointDir, fingerprint);
            Optional<LanczosCheckpoint.Saved> saved = checkpoint == null ? Optional.empty() : checkpoint.load(sc, m);
            DistributedLanczos lanczos;
            LanczosRecurrence recurrence;
            int resumedAt = 0;
            long resumedHalo = 0;
            if (saved.isPresent()) {
                LanczosSnapshot snap = saved.get().snapshot();
                lanczos = DistributedLanczos.resume(m, saved.get().states(), snap, options.reorthogonalization(),
                        checkpointInterval);
                recurrence = new ReplayingRecurrence(snap.history(), snap.startMatvecs(), lanczos);
                resumedAt = snap.step();
                resumedHalo = snap.haloBytes();
                LOG.info("resuming from the checkpoint in {} at Lanczos step {}", checkpointDir, resumedAt);
            } else {
                JavaRDD<BlockVector> starts = HermitianEmbedding.starts(sc, m, polarization.starts(), bs);
                lanczos = DistributedLanczos.start(m, starts, bs, options.reorthogonalization(), matrix,
                        checkpointInterval);
                recurrence = lanczos;
            }
            if (checkpoint != null) {
                recurrence = new Checkpointing(recurrence, lanczos, checkpoint, checkpointInterval, resumedAt);
            }
            List<HermitianBilinearFormResult> rs = estimate(functions, options, kinds, recurrence,
                    polarization.coefficients());
            if (matrix) {
                // every value's H from its own T_k, all through one pass over the kept basis
                List<List<HermitianRun>> runs = new ArrayList<>();
                double[] scales = new double[rs.size()];
                for (int i = 0; i < rs.size(); i++) {
                    runs.add(rs.get(i).runs());
                    scales[i] = rs.get(i).logScale();
                }
                List<HermitianEntryGradient> g = EmbeddedEntryGradient.computeAll(m, lanczos, runs, a, scales);
                List<HermitianBilinearFormResult> with = new ArrayList<>(rs.size());
                for (int i = 0; i < rs.size(); i++) {
                    HermitianBilinearFormResult r = rs.get(i);
                    with.add(new HermitianBilinearFormResult(r.scaledValue(), r.logScale(), r.errorEstimate(),
                            r.gradientErrorEstimate(), r.termination(), r.steps(), r.matvecs(), r.function(),
                            r.parameterGradient(), r.runs(), r.history(), null, g.get(i)));
                }
                rs = List.copyOf(with);
            }
            long halo = lanczos.haloBytes() - resumedHalo;
            lanczos.release();
            return new Outcome(rs, m.partitions(), m.n(), m.nonzeros(), m.haloEntries(), 8L * bs * m.haloEntries(),
                    halo, resumedAt, checkpoint);
        } finally {
            m.unpersist();
        }
    }

    /** The one call of the estimator in the block-row plan: one recurrence for every function of the list. */
    static List<HermitianBilinearFormResult> estimate(List<ComplexFunction> functions, LanczosOptions options,
                                                      Set<GradientKind> kinds, LanczosRecurrence recurrence,
                                                      Complex[] coefficients) {
        return new HermitianFormEstimator(options, kinds).runAll(recurrence, coefficients, functions);
    }

    /** A recurrence that saves the block states every {@code interval} steps past the resumed one. */
    private static final class Checkpointing implements LanczosRecurrence {

        private final LanczosRecurrence inner;
        private final DistributedLanczos live;
        private final LanczosCheckpoint checkpoint;
        private final int interval;
        private final int resumedAt;

        Checkpointing(LanczosRecurrence inner, DistributedLanczos live, LanczosCheckpoint checkpoint, int interval,
                      int resumedAt) {
            this.inner = inner;
            this.live = live;
            this.checkpoint = checkpoint;
            this.interval = interval;
            this.resumedAt = resumedAt;
        }

        @Override
        public int blockSize() {
            return inner.blockSize();
        }

        @Override
        public double[] startNorms() {
            return inner.startNorms();
        }

        @Override
        public LanczosStep step() {
            LanczosStep s = inner.step();
            if (s.step() > resumedAt && s.step() % interval == 0) {
                checkpoint.save(live);
            }
            return s;
        }

        @Override
        public long matvecs() {
            return inner.matvecs();
        }
    }
}
