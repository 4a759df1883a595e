package org.matfun.spark.io;

import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

import java.util.Iterator;

/**
 * Reads a Matrix Market coordinate file into a {@link LoadedMatrix} (see {@link MatrixReader} for the
 * conventions). The banner and size line are read on the driver; the entries are parsed on executors.
 *
 * <p>Bad lines do not fail Spark tasks: they are collected by {@link TextScan} and the first one is thrown here,
 * on the driver, after the job that parses the file.
 *
 * <p>Cost: the text is read twice (line counts per partition, then the parse; once if it has one partition) and
 * shuffled once (entries by unordered
 * pair of indices, which sums duplicates and pairs (i, j) with (j, i) for the symmetry check). Driver memory O(1).
 */
final class MatrixMarketLoader {

    private MatrixMarketLoader() {
    }

    static LoadedMatrix load(JavaSparkContext sc, String file, int minPartitions, boolean symmetrize) {
        MatrixMarketHeader h = TextFiles.matrixMarketHeader(sc.hadoopConfiguration(), file);
        long n = h.n();
        long sizeLine = h.sizeLine();
        MatrixMarketHeader.Field field = h.field();
        boolean symmetric = h.symmetric();
        boolean average = symmetrize && !symmetric;
        FirstInputError errors = FirstInputError.register(sc, file);
        JavaRDD<Tuple2<PairKey, CoordinateValues>> lines = TextScan.parse(sc, file, minPartitions, errors,
                (line, raw) -> line <= sizeLine ? null : LineParser.parseCoordinate(file, line, raw, n, field));
        int parts = Math.max(minPartitions, lines.getNumPartitions());
        JavaPairRDD<PairKey, CoordinateValues> combined = JavaPairRDD.fromJavaRDD(lines)
                .reduceByKey(CoordinateValues::merge, parts)
                .persist(StorageLevel.MEMORY_AND_DISK());
        JavaRDD<MatrixEntry> entries = null;
        boolean ok = false;
        try {
            long found = combined.values().map(CoordinateValues::count).fold(0L, Long::sum);
            errors.throwIfAny();
            if (found == 0) {
                throw new InputException(file, "no entries: no entry lines after the size line (line " + sizeLine
                        + ", which declares " + h.declared() + ")");
            }
            if (found != h.declared()) {
                throw new InputException(file, sizeLine, null, "the size line declares " + h.declared()
                        + " entries but the file has " + found + " entry lines");
            }
            checkPairs(file, symmetric, average, combined, null);
            entries = combined.flatMap(t -> toEntries(t._1(), t._2(), average))
                    .persist(StorageLevel.MEMORY_AND_DISK());
            long nnz = entries.count();
            JavaPairRDD<Long, Long> idToIndex = sc.sc().range(1L, n + 1, 1L, parts).toJavaRDD()
                    .mapToPair(id -> new Tuple2<>((Long) id, (Long) id - 1));
            ok = true;
            return new LoadedMatrix(file, n, nnz, entries, idToIndex, false);
        } finally {
            combined.unpersist(false);
            if (!ok && entries != null) {
                entries.unpersist(false);
            }
        }
    }

    /**
     * The stored value of a checked pair, as 0-based entries of both triangles; with {@code average} (the
     * --symmetrize opt-in for a general file) the off-diagonal value is (A_ij + A_ji) / 2, a missing side being 0.
     */
    static Iterator<MatrixEntry> toEntries(PairKey k, CoordinateValues v, boolean average) {
        double value = average && !k.isDiagonal() ? 0.5 * v.lowerSum() + 0.5 * v.upperSum()
                : v.lowerCount() > 0 ? v.lowerSum() : v.upperSum();
        return EdgeListLoader.mirror(k.lo() - 1, k.hi() - 1, value);
    }

    /** True if the pair breaks the file's symmetry rule, or its duplicates sum to a non-finite value. */
    private static boolean isBad(boolean symmetric, boolean average, PairKey k, CoordinateValues v) {
        if (!Double.isFinite(v.lowerSum()) || !Double.isFinite(v.upperSum())) {
            return true;
        }
        if (k.isDiagonal() || average) {
            return false;
        }
        boolean both = v.lowerCount() > 0 && v.upperCount() > 0;
        if (symmetric) {
            return both;
        }
        return !both || v.lowerSum() != v.upperSum();
    }

    /**
     * Fails on the offending pair with the smallest (row, col), if any. Shared with the matrix-entry tables
     * ({@link TableLoader}, {@code table} not null: the messages name positions, values and the table's rows
     * ({@link TableRows}), not lines, and a table with both triangles is "general").
     */
    static void checkPairs(String file, boolean symmetric, boolean average,
                           JavaPairRDD<PairKey, CoordinateValues> combined, TableRows table) {
        Tuple2<PairKey, CoordinateValues> first = combined
                .filter(t -> isBad(symmetric, average, t._1(), t._2()))
                .fold(null, MatrixMarketLoader::smallerPair);
        if (first == null) {
            return;
        }
        PairKey k = first._1();
        CoordinateValues v = first._2();
        String upper = "A(" + k.lo() + "," + k.hi() + ")";
        String lower = "A(" + k.hi() + "," + k.lo() + ")";
        if (!Double.isFinite(v.lowerSum())) {
            throw overflow(file, lower, v.lowerSum(), v.lowerCount(), v.lowerLine(),
                    table == null ? null : table.entryRow(k.hi(), k.lo()));
        }
        if (!Double.isFinite(v.upperSum())) {
            throw overflow(file, upper, v.upperSum(), v.upperCount(), v.upperLine(),
                    table == null ? null : table.entryRow(k.lo(), k.hi()));
        }
        if (table != null) {
            String problem = "the table stores entries in both triangles but is not symmetric (use --symmetrize for"
                    + " (A + A^T)/2, or store one triangle): " + upper + " = "
                    + (v.upperCount() == 0 ? "not stored (0)" : v.upperSum() + " (first given in "
                    + table.entryRow(k.lo(), k.hi()) + ")") + " but " + lower + " = "
                    + (v.lowerCount() == 0 ? "not stored (0)" : v.lowerSum() + " (first given in "
                    + table.entryRow(k.hi(), k.lo()) + ")")
                    + " (1-based positions; " + TableRows.NUMBERING + ")";
            throw new InputException(file, problem);
        }
        if (symmetric) {
            throw new InputException(file, Math.max(v.lowerLine(), v.upperLine()), null, "the file is declared"
                    + " 'symmetric' (one triangle stored) but gives both " + lower + " (line " + v.lowerLine()
                    + ") and " + upper + " (line " + v.upperLine() + ")");
        }
        String prefix = "the matrix is declared 'general' but is not symmetric (use --symmetrize for (A + A^T)/2): ";
        if (v.upperCount() == 0) {
            throw new InputException(file, v.lowerLine(), null, prefix + lower + " = " + v.lowerSum() + " but "
                    + upper + " is not stored (0)");
        }
        if (v.lowerCount() == 0) {
            throw new InputException(file, v.upperLine(), null, prefix + upper + " = " + v.upperSum() + " but "
                    + lower + " is not stored (0)");
        }
        throw new InputException(file, Math.max(v.lowerLine(), v.upperLine()), null, prefix + upper + " = "
                + v.upperSum() + " (line " + v.upperLine() + ") but " + lower + " = " + v.lowerSum() + " (line "
                + v.lowerLine() + ")");
    }

    /** Duplicates of one position whose sum is not a finite double (each value is finite: checked per line). */
    private static InputException overflow(String file, String position, double sum, long count, long line,
                                           String firstRow) {
        if (firstRow != null) {
            return new InputException(file, position + " (1-based) is given by " + count + " rows (the first: "
                    + firstRow + "; " + TableRows.NUMBERING + ") whose sum overflows to " + sum + "; expected a finite"
                    + " sum (duplicate entries are added)");
        }
        return new InputException(file, line, null, position + " is given by " + count + " entry lines (the first"
                + " here) whose sum overflows to " + sum + "; expected a finite sum (Matrix Market duplicates are"
                + " added)");
    }

    private static Tuple2<PairKey, CoordinateValues> smallerPair(Tuple2<PairKey, CoordinateValues> a,
                                                                 Tuple2<PairKey, CoordinateValues> b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return a._1().compareTo(b._1()) <= 0 ? a : b;
    }
}
