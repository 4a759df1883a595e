package org.matfun.bench;

import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.TaskInfo;
import org.matfun.spark.lanczos.DistributedLanczos;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records, per Spark job of one job group, the task metrics Spark's listener bus reports (executor run time,
 * scheduler delay, shuffle bytes and times) and the per-task values of the {@link DistributedLanczos} timing
 * accumulators ({@link DistributedLanczos#STEP_TIMINGS_PROPERTY}). Read it only after the listener bus has
 * drained (see {@link SparkSteps}).
 */
final class StepMetricsListener extends SparkListener {

    /** One finished task. Times in milliseconds unless named nanos. */
    record Task(int stageId, long runMs, long deserializeMs, long resultSerializeMs, long gettingResultMs,
                long durationMs, long shuffleWriteBytes, long shuffleWriteNanos, long shuffleReadLocalBytes,
                long shuffleReadRemoteBytes, long fetchWaitMs, long haloNanos, long spmvNanos, long updateNanos,
                long reduceNanos, String executor) {

        /** Spark UI's scheduler delay: task duration not spent deserializing, running or returning the result. */
        long schedulerDelayMs() {
            return Math.max(0, durationMs - runMs - deserializeMs - resultSerializeMs - gettingResultMs);
        }
    }

    /** One job: its stages (in id order) and the tasks of each. */
    record Job(int jobId, String group, long submissionMs, long endMs, int[] stageIds) {
    }

    private final Map<Integer, Job> jobs = new ConcurrentHashMap<>();
    private final Map<Integer, List<Task>> tasksByStage = new ConcurrentHashMap<>();

    @Override
    public void onJobStart(SparkListenerJobStart e) {
        String group = e.properties() == null ? null : e.properties().getProperty("spark.jobGroup.id");
        scala.collection.immutable.Seq<Object> ids = e.stageIds();
        int[] stages = new int[ids.size()];
        for (int i = 0; i < stages.length; i++) {
            stages[i] = (Integer) ids.apply(i);
        }
        java.util.Arrays.sort(stages);
        jobs.put(e.jobId(), new Job(e.jobId(), group, e.time(), -1, stages));
    }

    @Override
    public void onJobEnd(SparkListenerJobEnd e) {
        jobs.computeIfPresent(e.jobId(), (id, j) -> new Job(id, j.group(), j.submissionMs(), e.time(), j.stageIds()));
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd e) {
        TaskMetrics m = e.taskMetrics();
        TaskInfo info = e.taskInfo();
        if (m == null || info == null) {
            return;
        }
        Map<String, Long> acc = new HashMap<>();
        scala.collection.Iterator<AccumulableInfo> it = info.accumulables().iterator();
        while (it.hasNext()) {
            AccumulableInfo a = it.next();
            if (a.name().isDefined() && a.update().isDefined() && a.update().get() instanceof Number x) {
                acc.put(a.name().get(), x.longValue());
            }
        }
        Task t = new Task(e.stageId(), m.executorRunTime(), m.executorDeserializeTime(), m.resultSerializationTime(),
                info.gettingResultTime(), info.duration(), m.shuffleWriteMetrics().bytesWritten(),
                m.shuffleWriteMetrics().writeTime(), m.shuffleReadMetrics().localBytesRead(),
                m.shuffleReadMetrics().remoteBytesRead(), m.shuffleReadMetrics().fetchWaitTime(),
                acc.getOrDefault(DistributedLanczos.HALO_NANOS, 0L), acc.getOrDefault(DistributedLanczos.SPMV_NANOS, 0L),
                acc.getOrDefault(DistributedLanczos.UPDATE_NANOS, 0L),
                acc.getOrDefault(DistributedLanczos.REDUCE_NANOS, 0L), info.executorId());
        tasksByStage.computeIfAbsent(e.stageId(), k -> java.util.Collections.synchronizedList(new ArrayList<>()))
                .add(t);
    }

    /** The jobs of a group, in job-id order. */
    List<Job> jobsOf(String group) {
        List<Job> out = new ArrayList<>();
        for (Job j : jobs.values()) {
            if (group.equals(j.group())) {
                out.add(j);
            }
        }
        out.sort((a, b) -> Integer.compare(a.jobId(), b.jobId()));
        return out;
    }

    /** The finished tasks of a stage (empty if the stage was skipped). */
    List<Task> tasks(int stageId) {
        List<Task> t = tasksByStage.get(stageId);
        return t == null ? List.of() : new ArrayList<>(t);
    }
}
