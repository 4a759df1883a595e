package org.matfun.spark.lanczos;

import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.Optional;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;
import org.matfun.core.lanczos.LanczosRecurrence;
import org.matfun.core.lanczos.LanczosStep;
import org.matfun.core.lanczos.Reorthogonalization;
import org.matfun.spark.matrix.BlockPartitioner;
import org.matfun.spark.matrix.BlockVector;
import org.matfun.spark.matrix.CsrBlock;
import org.matfun.spark.matrix.DistributedCsr;
import org.matfun.spark.matrix.HaloMessage;
import scala.Tuple2;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * B independent Lanczos recurrences on a {@link DistributedCsr} (DESIGN 3.1), driven by core's
 * {@code BilinearFormEstimator} through the {@link LanczosRecurrence} interface.
 *
 * <p>Each {@link #step()} is one Spark job: a narrow map stage that forms the next direction w_t at the rows other
 * blocks need, and only there, and sends those halo entries (one shuffle, B values per entry), then a result
 * stage that forms w_t on all own rows (once per step), multiplies the block (SpMM over the B vectors) and
 * returns 3B partial sums per block, reduced on the driver (see {@link LanczosBlockState} for the pipelined
 * recurrence that needs only this one reduction). Vectors never reach the driver. The basis q_1..q_k stays in the cached block states only when asked for (8 n k bytes per
 * starting vector cluster-wide). Every {@code checkpointInterval} steps the state is checkpointed (reliably if
 * the SparkContext has a checkpoint directory, else locally), truncating the lineage so thousands of steps run.
 * Full reorthogonalization adds two narrow jobs per step (classical Gram-Schmidt twice; reductions of t B doubles).
 */
public final class DistributedLanczos implements LanczosRecurrence {

    /** Default number of steps between lineage truncations. */
    public static final int DEFAULT_CHECKPOINT_INTERVAL = 10;

    private final DistributedCsr matrix;
    private final int width;
    private final Reorthogonalization reorth;
    private final int checkpointInterval;
    private final double[] startNorms;
    private final boolean[] active;
    private final double[] tNorm;
    private final double[] betaPrevious;
    private double[] nextAlpha;
    private JavaRDD<LanczosBlockState> state;
    private JavaRDD<LanczosBlockState> lastTruncated;
    private int step;
    private long matvecs;
    private long startMatvecs;
    private long haloBytes;
    private final List<LanczosStep> history = new ArrayList<>();
    private final int[] injectedFailures;
    private final LongAccumulator spmvNanos;
    private final LongAccumulator updateNanos;
    private final LongAccumulator haloNanos;
    private final LongAccumulator reduceNanos;

    private DistributedLanczos(DistributedCsr matrix, int width, Reorthogonalization reorth, int checkpointInterval,
                               JavaRDD<LanczosBlockState> initial) {
        this.matrix = matrix;
        this.width = width;
        this.reorth = reorth;
        this.checkpointInterval = checkpointInterval;
        this.state = initial;
        this.startNorms = new double[width];
        this.active = new boolean[width];
        this.tNorm = new double[width];
        this.betaPrevious = new double[width];
        this.injectedFailures = parseInjectedFailures(
                matrix.blocks().context().getConf().get(FAIL_TASKS_PROPERTY, ""));
        if (matrix.blocks().context().getConf().getBoolean(STEP_TIMINGS_PROPERTY, false)) {
            this.spmvNanos = matrix.blocks().context().longAccumulator(SPMV_NANOS);
            this.updateNanos = matrix.blocks().context().longAccumulator(UPDATE_NANOS);
            this.haloNanos = matrix.blocks().context().longAccumulator(HALO_NANOS);
            this.reduceNanos = matrix.blocks().context().longAccumulator(REDUCE_NANOS);
        } else {
            this.reduceNanos = null;
            this.spmvNanos = null;
            this.updateNanos = null;
            this.haloNanos = null;
        }
    }

    /**
     * Benchmark hook (Spark property, default false): when true, each step's multiply task adds its time in the
     * block product to the named accumulator {@link #SPMV_NANOS}, its time receiving the halo (shuffle read,
     * fetch wait included) and assembling [own | halo] to {@link #HALO_NANOS}, its time forming q_t and w_t to
     * {@link #UPDATE_NANOS}, and its time computing the partial sums [w.w, w.z, w.q] to {@link #REDUCE_NANOS}
     * (nanoseconds; per-task values reach SparkListeners through the task's accumulables). Costs four clock reads
     * per task.
     */
    public static final String STEP_TIMINGS_PROPERTY = "spark.matfun.stepTimings";

    /** Name of the accumulator of SpMV nanoseconds (see {@link #STEP_TIMINGS_PROPERTY}). */
    public static final String SPMV_NANOS = "matfun.lanczos.spmvNanos";

    /** Name of the accumulator of halo receive-and-assembly nanoseconds (see {@link #STEP_TIMINGS_PROPERTY}). */
    public static final String HALO_NANOS = "matfun.lanczos.haloNanos";

    /** Name of the accumulator of partial-sum (local reduction) nanoseconds (see {@link #STEP_TIMINGS_PROPERTY}). */
    public static final String REDUCE_NANOS = "matfun.lanczos.reduceNanos";

    /** Name of the accumulator of vector-update (q_t, w_t) nanoseconds (see {@link #STEP_TIMINGS_PROPERTY}). */
    public static final String UPDATE_NANOS = "matfun.lanczos.updateNanos";

    /**
     * Test hook (Spark property): {@code step:block,step:block,...} makes the first attempt of the Lanczos task of
     * that block at that step fail, to show that Spark's retries (spark.task.maxFailures > 1) leave the result
     * unchanged. Never set in production.
     */
    public static final String FAIL_TASKS_PROPERTY = "spark.matfun.test.failTasks";

    private static int[] parseInjectedFailures(String spec) {
        if (spec.isBlank()) {
            return new int[0];
        }
        String[] parts = spec.split(",");
        int[] out = new int[2 * parts.length];
        for (int i = 0; i < parts.length; i++) {
            String[] sb = parts[i].trim().split(":");
            if (sb.length != 2) {
                throw new IllegalArgumentException(FAIL_TASKS_PROPERTY + " = '" + spec + "'; expected step:block,...");
            }
            out[2 * i] = Integer.parseInt(sb[0].trim());
            out[2 * i + 1] = Integer.parseInt(sb[1].trim());
        }
        return out;
    }

    /**
     * Starts the recurrences: runs job J_0 (one SpMM of the starting block and one reduction), which yields the
     * starting norms and alpha_1.
     *
     * @param matrix             A
     * @param starts             the starting block, one {@link BlockVector} of width B per row block, aligned
     *                           with {@code matrix.blocks()}
     * @param width              B
     * @param reorth             NONE or FULL (FULL keeps the basis)
     * @param keepBasis          keep q_1..q_k on the executors (needed for edge gradients)
     * @param checkpointInterval steps between lineage truncations, >= 1
     */
    public static DistributedLanczos start(DistributedCsr matrix, JavaRDD<BlockVector> starts, int width,
                                           Reorthogonalization reorth, boolean keepBasis, int checkpointInterval) {
        if (checkpointInterval < 1) {
            throw new IllegalArgumentException("checkpoint interval = " + checkpointInterval + "; expected >= 1");
        }
        boolean kept = keepBasis || reorth == Reorthogonalization.FULL;
        JavaRDD<LanczosBlockState> initial = matrix.blocks().zipPartitions(starts, (bi, si) -> {
            CsrBlock b = bi.next();
            BlockVector v = si.next();
            return Collections.singletonList(LanczosBlockState.initial(b.block(), b.rows(), width, v.values(), kept))
                    .iterator();
        });
        DistributedLanczos d = new DistributedLanczos(matrix, width, reorth, checkpointInterval, initial);
        double[] sums = d.runJob(new StepScalars(true, null, null, null, List.of()));
        for (int b = 0; b < width; b++) {
            double ww = sums[b];
            d.startNorms[b] = Math.sqrt(ww);
            d.active[b] = ww > 0;
            d.matvecs += d.active[b] ? 1 : 0;
        }
        d.startMatvecs = d.matvecs;
        d.nextAlpha = d.alphas(sums);
        return d;
    }

    /**
     * Continues a run from a snapshot and its saved block states (no Spark job here; the next {@link #step()}
     * is step {@code snapshot.step() + 1}).
     *
     * @param states the block states saved with the snapshot, one per row block, aligned with matrix.blocks()
     */
    public static DistributedLanczos resume(DistributedCsr matrix, JavaRDD<LanczosBlockState> states,
                                            LanczosSnapshot snapshot, Reorthogonalization reorth,
                                            int checkpointInterval) {
        DistributedLanczos d = new DistributedLanczos(matrix, snapshot.width(), reorth, checkpointInterval, states);
        System.arraycopy(snapshot.startNorms(), 0, d.startNorms, 0, d.width);
        System.arraycopy(snapshot.active(), 0, d.active, 0, d.width);
        System.arraycopy(snapshot.tNorm(), 0, d.tNorm, 0, d.width);
        System.arraycopy(snapshot.betaPrevious(), 0, d.betaPrevious, 0, d.width);
        d.nextAlpha = snapshot.nextAlpha().clone();
        d.step = snapshot.step();
        d.matvecs = snapshot.matvecs();
        d.startMatvecs = snapshot.startMatvecs();
        d.haloBytes = snapshot.haloBytes();
        d.history.addAll(snapshot.history());
        d.lastTruncated = states;
        return d;
    }

    /** The driver state after the last step (with {@link #states()}, what a checkpoint saves). */
    public LanczosSnapshot snapshot() {
        return new LanczosSnapshot(step, width, startNorms.clone(), active.clone(), tNorm.clone(),
                betaPrevious.clone(), nextAlpha.clone(), matvecs, startMatvecs, haloBytes, List.copyOf(history));
    }

    /** Matvecs of the starting job J_0. */
    public long startMatvecs() {
        return startMatvecs;
    }

    @Override
    public int blockSize() {
        return width;
    }

    @Override
    public double[] startNorms() {
        return startNorms.clone();
    }

    @Override
    public long matvecs() {
        return matvecs;
    }

    /** Bytes of halo values shuffled so far by the Lanczos steps (8 per entry per column). */
    public long haloBytes() {
        return haloBytes;
    }

    @Override
    public LanczosStep step() {
        step++;
        boolean[] took = active.clone();
        double[] alphaNow = new double[width];
        double[] inverseBeta = new double[width];
        double[] betaPrev = new double[width];
        double[] previousNorms = step == 1 ? startNorms : betaPrevious;
        for (int b = 0; b < width; b++) {
            if (active[b]) {
                alphaNow[b] = nextAlpha[b];
                inverseBeta[b] = 1.0 / previousNorms[b];
                betaPrev[b] = step == 1 ? 0.0 : betaPrevious[b];
            }
        }
        List<double[]> corrections = new ArrayList<>();
        if (reorth == Reorthogonalization.FULL) {
            corrections.add(projectionJob(new StepScalars(false, inverseBeta, alphaNow, betaPrev, List.of())));
            corrections.add(projectionJob(new StepScalars(false, inverseBeta, alphaNow, betaPrev,
                    List.copyOf(corrections))));
        }
        double[] sums = runJob(new StepScalars(false, inverseBeta, alphaNow, betaPrev, corrections));
        double[] betas = new double[width];
        boolean[] finished = new boolean[width];
        double[] following = alphas(sums);
        for (int b = 0; b < width; b++) {
            if (!active[b]) {
                finished[b] = true;
                alphaNow[b] = 0.0;
                continue;
            }
            matvecs++;
            betas[b] = Math.sqrt(sums[b]);
            tNorm[b] = Math.max(tNorm[b], Math.abs(alphaNow[b]) + betaPrev[b] + betas[b]);
            if (LanczosRecurrence.isBreakdown(betas[b], tNorm[b])) {
                active[b] = false;
                finished[b] = true;
            }
            betaPrevious[b] = betas[b];
        }
        nextAlpha = following;
        LanczosStep result = new LanczosStep(step, alphaNow, betas, took, finished);
        history.add(result);
        return result;
    }

    /** alpha_{t+1} = (w.z) / (w.w) - w.q per column, from the reduced partial sums. */
    private double[] alphas(double[] sums) {
        double[] a = new double[width];
        for (int b = 0; b < width; b++) {
            double ww = sums[b];
            a[b] = ww > 0 ? sums[width + b] / ww - sums[2 * width + b] : 0.0;
        }
        return a;
    }

    /** One Lanczos job: halo exchange of w_t, SpMM, reduction of [w.w, w.z, w.q]; the new state is cached. */
    private double[] runJob(StepScalars scalars) {
        int bs = width;
        int job = step;
        int[] failures = injectedFailures;
        LongAccumulator spmvTime = spmvNanos;
        LongAccumulator updateTime = updateNanos;
        LongAccumulator haloTime = haloNanos;
        LongAccumulator reduceTime = reduceNanos;
        JavaRDD<LanczosBlockState> previous = state;
        JavaRDD<Tuple2<Integer, HaloMessage>> outgoing = matrix.blocks().zipPartitions(previous, (bi, si) -> {
            CsrBlock b = bi.next();
            LanczosBlockState s = si.next();
            // Only the rows other blocks need: the full w_t is formed once, in the multiply stage below.
            return b.haloMessages((row, out, at) -> s.directionRow(scalars, row, out, at), bs).iterator();
        });
        JavaRDD<HaloMessage> incoming = JavaPairRDD.fromJavaRDD(outgoing)
                .partitionBy(new BlockPartitioner(matrix.partitions()))
                .values();
        JavaRDD<LanczosBlockState> next = matrix.blocks().zipPartitions(previous,
                        (bi, si) -> Collections.singletonList(new BlockAndState(bi.next(), si.next())).iterator())
                .zipPartitions(incoming, (pi, mi) -> {
                    failIfInjected(failures, job);
                    BlockAndState p = pi.next();
                    long t0 = System.nanoTime();
                    LanczosBlockState.Prepared prepared = p.state().prepare(scalars);
                    long t1 = System.nanoTime();
                    double[] x = p.block().withHalo(prepared.w(), bs, mi);
                    long t2 = System.nanoTime();
                    double[] z = p.block().multiply(x, bs);
                    long t3 = System.nanoTime();
                    LanczosBlockState advanced = p.state().advance(prepared, z);
                    if (spmvTime != null) {
                        haloTime.add(t2 - t1);
                        spmvTime.add(t3 - t2);
                        updateTime.add(t1 - t0);
                        reduceTime.add(System.nanoTime() - t3);
                    }
                    return Collections.singletonList(advanced).iterator();
                })
                .persist(StorageLevel.MEMORY_AND_DISK());
        boolean truncate = step % checkpointInterval == 0;
        if (truncate) {
            if (next.context().getCheckpointDir().isDefined()) {
                next.checkpoint();
            } else {
                next.rdd().localCheckpoint();
            }
        }
        List<double[]> parts = next.map(s -> s.partials).collect();
        haloBytes += 8L * bs * matrix.haloEntries();
        // Keep only the current state and the last checkpointed one (the root of the lineage): a lost
        // partition is recomputed from there, at most checkpointInterval steps of work.
        if (previous != lastTruncated) {
            previous.unpersist(false);
        }
        if (truncate) {
            if (lastTruncated != null) {
                lastTruncated.unpersist(false);
                deleteReliableCheckpoint(lastTruncated);
            }
            lastTruncated = next;
        }
        state = next;
        return sum(parts, 3 * bs);
    }

    /**
     * Deletes the files of a superseded reliable checkpoint: the newer one truncates the lineage, so nothing reads
     * them again (without this, a checkpoint directory would keep one copy of the state, basis included, per
     * interval).
     */
    private static void deleteReliableCheckpoint(JavaRDD<LanczosBlockState> rdd) {
        Optional<String> file = rdd.getCheckpointFile();
        if (file.isPresent()) {
            try {
                org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(file.get());
                p.getFileSystem(rdd.context().hadoopConfiguration()).delete(p, true);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot delete the superseded checkpoint " + file.get(), e);
            }
        }
    }

    /** The test hook of {@link #FAIL_TASKS_PROPERTY}: fail the first attempt of a chosen task. */
    private static void failIfInjected(int[] failures, int job) {
        if (failures.length == 0) {
            return;
        }
        TaskContext ctx = TaskContext.get();
        for (int i = 0; i < failures.length; i += 2) {
            if (failures[i] == job && failures[i + 1] == ctx.partitionId() && ctx.attemptNumber() == 0) {
                throw new IllegalStateException("matfun test hook: injected failure of block " + ctx.partitionId()
                        + " at Lanczos step " + job + " (first attempt)");
            }
        }
    }

    /** One narrow job computing sum over blocks of Q_t^T w_t per column (a Gram-Schmidt pass). */
    private double[] projectionJob(StepScalars scalars) {
        int bs = width;
        List<double[]> parts = state.map(s -> {
            LanczosBlockState.Prepared p = s.prepare(scalars);
            return LanczosBlockState.projections(p.basis(), p.w(), s.rows, bs);
        }).collect();
        return sum(parts, step * bs);
    }

    private static double[] sum(List<double[]> parts, int length) {
        double[] s = new double[length];
        for (double[] p : parts) {
            for (int i = 0; i < length; i++) {
                s[i] += p[i];
            }
        }
        return s;
    }

    /** The cached block states (the basis lives here when kept). */
    public JavaRDD<LanczosBlockState> states() {
        return state;
    }

    /** Lanczos steps taken. */
    public int steps() {
        return step;
    }

    /** Releases the cached states. */
    public void release() {
        state.unpersist(false);
        if (lastTruncated != null) {
            lastTruncated.unpersist(false);
        }
    }

    /** A row block and its state, paired inside a task (never shipped). */
    private record BlockAndState(CsrBlock block, LanczosBlockState state) {
    }

}
