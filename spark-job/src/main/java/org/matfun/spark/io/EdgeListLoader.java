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
 * <p>Cost: the text is read twice ({@code zipWithIndex} counts lines per partition, then the parse), then four
 * shuffles: edges by unordered pair, distinct ids, sorted ids, and the two joins that re-index the edges (the id
 * map is hash-partitioned once so that each join shuffles only the edges). Driver memory O(1).
 */
final class EdgeListLoader {

    private EdgeListLoader() {
    }

    static LoadedMatrix load(JavaSparkContext sc, String file, boolean csv, int minPartitions) {
        long headerLine = csv ? TextFiles.csvHeaderLine(sc.hadoopConfiguration(), file) : 0L;
        JavaRDD<String> text = sc.textFile(file, minPartitions);
        int parts = Math.max(minPartitions, text.getNumPartitions());
        List<JavaPairRDD<?, ?>> cached = new ArrayList<>();
        List<JavaRDD<?>> cachedRdds = new ArrayList<>();
        boolean ok = false;
        JavaPairRDD<PairKey, EdgeWeights> combined = null;
        try {
            combined = text.zipWithIndex()
                    .flatMapToPair(t -> parse(file, csv, headerLine, t._1(), t._2() + 1))
                    .reduceByKey(EdgeWeights::merge, parts)
                    .persist(StorageLevel.MEMORY_AND_DISK());
            long edges = combined.count();
            if (edges == 0) {
                throw new InputException(file, "no entries: no edge lines (only blank, comment"
                        + (headerLine > 0 ? " or header" : "") + " lines)");
            }
            checkWeights(file, combined);

            JavaPairRDD<Long, Long> idToIndex = combined.keys()
                    .flatMap(k -> ends(k))
                    .distinct(parts)
                    .sortBy(id -> id, true, parts)
                    .zipWithIndex()
                    .partitionBy(new HashPartitioner(parts))
                    .persist(StorageLevel.MEMORY_AND_DISK());
            cached.add(idToIndex);
            long n = idToIndex.count();

            JavaRDD<MatrixEntry> entries = combined
                    .mapToPair(t -> new Tuple2<>(t._1().lo(), new MatrixEntry(t._1().lo(), t._1().hi(),
                            t._2().weight())))
                    .join(idToIndex)
                    .mapToPair(t -> new Tuple2<>(t._2()._1().col(), new MatrixEntry(t._2()._2(), t._2()._1().col(),
                            t._2()._1().value())))
                    .join(idToIndex)
                    .flatMap(t -> mirror(t._2()._1().row(), t._2()._2(), t._2()._1().value()))
                    .persist(StorageLevel.MEMORY_AND_DISK());
            cachedRdds.add(entries);
            long nnz = entries.count();
            ok = true;
            return new LoadedMatrix(file, n, nnz, entries, idToIndex, true);
        } finally {
            if (combined != null) {
                combined.unpersist(false);
            }
            if (!ok) {
                for (JavaPairRDD<?, ?> r : cached) {
                    r.unpersist(false);
                }
                for (JavaRDD<?> r : cachedRdds) {
                    r.unpersist(false);
                }
            }
        }
    }

    private static Iterator<Tuple2<PairKey, EdgeWeights>> parse(String file, boolean csv, long headerLine,
                                                                String raw, long line) {
        if (line == headerLine) {
            return Collections.emptyIterator();
        }
        Tuple2<PairKey, EdgeWeights> e = LineParser.parseEdge(file, line, raw, csv);
        return e == null ? Collections.emptyIterator() : Collections.singletonList(e).iterator();
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
    private static void checkWeights(String file, JavaPairRDD<PairKey, EdgeWeights> combined) {
        Tuple2<PairKey, EdgeWeights> first = combined
                .filter(t -> t._2().hasConflict())
                .fold(null, EdgeListLoader::earlierConflict);
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
