package org.matfun.spark.io;

import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * Reads an undirected graph from an edge list or CSV edge table into a {@link LoadedMatrix} (see
 * {@link MatrixReader} for the conventions).
 *
 * <p>Bad lines do not fail Spark tasks: they are collected by {@link TextScan} and the first one is thrown here,
 * on the driver, after the job that parses the file.
 *
 * <p>Cost: the text is read twice (line counts per partition, then the parse; once if it has one partition). Three
 * shuffles of the edges (by unordered pair, which merges repeated lines; then the two joins that re-index them)
 * and three of the ids (distinct, sort, hash-partitioning of the id map, so that each join shuffles only the
 * edges). Driver memory O(1).
 */
final class EdgeListLoader {

    private EdgeListLoader() {
    }

    static LoadedMatrix load(JavaSparkContext sc, String file, boolean csv, int minPartitions) {
        long headerLine = csv ? TextFiles.csvHeaderLine(sc.hadoopConfiguration(), file) : 0L;
        FirstInputError errors = FirstInputError.register(sc, file);
        JavaRDD<Tuple2<PairKey, EdgeWeights>> lines = TextScan.parse(sc, file, minPartitions, errors,
                (line, raw) -> line == headerLine ? null : LineParser.parseEdge(file, line, raw, csv));
        int parts = Math.max(minPartitions, lines.getNumPartitions());
        JavaPairRDD<PairKey, EdgeWeights> combined = JavaPairRDD.fromJavaRDD(lines)
                .reduceByKey(EdgeWeights::merge, parts)
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            combined.count(); // runs the parsing tasks; a bad line is their result, not a task failure
            errors.throwIfAny();
        } catch (RuntimeException e) {
            combined.unpersist(false);
            throw e;
        }
        return fromPairs(file, combined, parts, "no entries: no edge lines (only blank, comment"
                + (headerLine > 0 ? " or header" : "") + " lines)", null);
    }

    /**
     * The undirected graph of merged edges, shared by the text edge lists and the edge tables ({@link TableLoader}):
     * checks that no pair has two weights, numbers the distinct ids in ascending order and re-indexes the edges.
     * {@code combined} is unpersisted here.
     *
     * @param source    the file or table, for messages
     * @param combined  one (pair, weights) per unordered pair, persisted
     * @param parts     partitions of the shuffles
     * @param noEntries the problem reported when {@code combined} is empty
     * @param table     for an edge table (the {@link EdgeWeights} lines are then row ordinals): finds the rows a
     *                  conflict message names ({@link TableRows}); null for a text file (messages name lines)
     * @throws InputException for no edges or conflicting weights
     */
    static LoadedMatrix fromPairs(String file, JavaPairRDD<PairKey, EdgeWeights> combined, int parts,
                                  String noEntries, TableRows table) {
        JavaPairRDD<Long, Long> idToIndex = null;
        JavaRDD<MatrixEntry> entries = null;
        boolean ok = false;
        try {
            long edges = combined.count();
            if (edges == 0) {
                throw new InputException(file, noEntries);
            }
            checkWeights(file, combined, table);

            idToIndex = combined.keys()
                    .flatMap(EdgeListLoader::ends)
                    .distinct(parts)
                    .sortBy(id -> id, true, parts)
                    .zipWithIndex()
                    .partitionBy(new HashPartitioner(parts))
                    .persist(StorageLevel.MEMORY_AND_DISK());
            long n = idToIndex.count();

            entries = reindex(combined, idToIndex).persist(StorageLevel.MEMORY_AND_DISK());
            long nnz = entries.count();
            ok = true;
            return new LoadedMatrix(file, n, nnz, entries, idToIndex, true);
        } finally {
            combined.unpersist(false);
            if (!ok && idToIndex != null) {
                idToIndex.unpersist(false);
            }
            if (!ok && entries != null) {
                entries.unpersist(false);
            }
        }
    }

    /**
     * The edges as 0-based entries of both triangles.
     * IMPLEMENTATION NOTES: an edge {lo, hi} of original ids is keyed by lo and joined with the id map, giving
     * index(lo) as its row; then keyed by hi and joined again, giving index(hi) as its column. The id map is
     * hash-partitioned, so each join shuffles only the edges.
     */
    private static JavaRDD<MatrixEntry> reindex(JavaPairRDD<PairKey, EdgeWeights> combined,
                                                JavaPairRDD<Long, Long> idToIndex) {
        JavaPairRDD<Long, MatrixEntry> byLo = combined.mapToPair(t -> new Tuple2<>(t._1().lo(),
                new MatrixEntry(t._1().lo(), t._1().hi(), t._2().weight())));
        JavaPairRDD<Long, MatrixEntry> byHi = byLo.join(idToIndex).mapToPair(t -> withRowIndex(t._2()));
        return byHi.join(idToIndex).flatMap(t -> withColumnIndex(t._2()));
    }

    /** (edge with original ids, index of its row id) to (column id, edge with its row index). */
    private static Tuple2<Long, MatrixEntry> withRowIndex(Tuple2<MatrixEntry, Long> edgeAndIndex) {
        MatrixEntry e = edgeAndIndex._1();
        return new Tuple2<>(e.col(), new MatrixEntry(edgeAndIndex._2(), e.col(), e.value()));
    }

    /** (edge with its row index, index of its column id) to the edge's entries in both triangles. */
    private static Iterator<MatrixEntry> withColumnIndex(Tuple2<MatrixEntry, Long> edgeAndIndex) {
        MatrixEntry e = edgeAndIndex._1();
        return mirror(e.row(), edgeAndIndex._2(), e.value());
    }

    private static Iterator<Long> ends(PairKey k) {
        if (k.isDiagonal()) {
            return Collections.singletonList(k.lo()).iterator();
        }
        List<Long> both = new ArrayList<>(2);
        both.add(k.lo());
        both.add(k.hi());
        return both.iterator();
    }

    /** Both (i, j) and (j, i) for an edge, once for a self-loop. */
    static Iterator<MatrixEntry> mirror(long i, long j, double value) {
        if (i == j) {
            return Collections.singletonList(new MatrixEntry(i, j, value)).iterator();
        }
        List<MatrixEntry> both = new ArrayList<>(2);
        both.add(new MatrixEntry(i, j, value));
        both.add(new MatrixEntry(j, i, value));
        return both.iterator();
    }

    /** Fails on the pair whose conflicting weight appears on the earliest line. */
    private static void checkWeights(String file, JavaPairRDD<PairKey, EdgeWeights> combined, TableRows table) {
        Tuple2<PairKey, EdgeWeights> first = combined
                .filter(t -> t._2().hasConflict())
                .fold(null, EdgeListLoader::earlierConflict);
        if (first != null && table != null) {
            EdgeWeights w = first._2();
            PairKey k = first._1();
            throw new InputException(file, "edge " + table.pair(k.lo(), k.hi()) + " has weight " + w.weight() + " in "
                    + table.edgeRow(k.lo(), k.hi(), w.weight()) + " and weight " + w.otherWeight() + " in "
                    + table.edgeRow(k.lo(), k.hi(), w.otherWeight()) + " (" + TableRows.NUMBERING + "); an undirected"
                    + " edge table gives each unordered pair one weight (listing it in both directions or repeating it"
                    + " is fine only with the same weight)");
        }
        if (first != null) {
            EdgeWeights w = first._2();
            throw new InputException(file, w.otherLine(), null, "edge " + first._1() + " has weight "
                    + w.otherWeight() + " here but weight " + w.weight() + " on line " + w.line()
                    + "; an undirected edge list gives each unordered pair one weight (listing it in both"
                    + " directions or repeating it is fine only with the same weight)");
        }
    }

    private static Tuple2<PairKey, EdgeWeights> earlierConflict(Tuple2<PairKey, EdgeWeights> a,
                                                                Tuple2<PairKey, EdgeWeights> b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return a._2().otherLine() <= b._2().otherLine() ? a : b;
    }
}
