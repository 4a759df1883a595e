package org.matfun.bench.jmh;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs a task on T disjoint row ranges in parallel: ranges 1..T-1 on a fixed pool of T - 1 daemon threads,
 * range 0 on the calling thread. The ranges split the nonzeros evenly (row pointers at t * nnz / T).
 */
final class RowSplit implements AutoCloseable {

    interface RangeTask {
        void run(int part, int from, int to);
    }

    private final int[] bounds;
    private final ExecutorService pool;
    @SuppressWarnings("unchecked")
    private final Future<?>[] pending;

    RowSplit(int[] rowPtr, int threads) {
        int n = rowPtr.length - 1;
        long nnz = rowPtr[n];
        bounds = new int[threads + 1];
        int i = 0;
        for (int t = 1; t < threads; t++) {
            long target = nnz * t / threads;
            while (i < n && rowPtr[i] < target) {
                i++;
            }
            bounds[t] = i;
        }
        bounds[threads] = n;
        pool = threads > 1 ? Executors.newFixedThreadPool(threads - 1, r -> {
            Thread th = new Thread(r, "row-split");
            th.setDaemon(true);
            return th;
        }) : null;
        pending = new Future<?>[threads];
    }

    int parts() {
        return bounds.length - 1;
    }

    void run(RangeTask task) {
        int parts = parts();
        for (int t = 1; t < parts; t++) {
            final int part = t;
            pending[t] = pool.submit(() -> task.run(part, bounds[part], bounds[part + 1]));
        }
        task.run(0, bounds[0], bounds[1]);
        try {
            for (int t = 1; t < parts; t++) {
                pending[t].get();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
