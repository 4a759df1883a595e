package org.matfun.spark.jobs;

import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.Optional;
import org.matfun.core.bilinear.BilinearForm;
import org.matfun.spark.io.InputException;
import org.matfun.spark.io.LoadedMatrix;
import org.matfun.spark.io.SparkFailures;
import org.matfun.spark.matrix.BlockVector;
import org.matfun.spark.matrix.DistributedCsr;
import org.matfun.spark.matrix.RowPartitioner;
import scala.Tuple2;

import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Builds the starting block of a bilinear form on the executors, aligned with the row blocks: {u} (B = 1)
 * when u and v are the same specification, else the polarization pair {u + v, u - v} (B = 2, DESIGN 2.2).
 * Vectors never pass through the driver; a {@code node:ID} is resolved with one lookup.
 */
public final class StartVectors {

    private static final Pattern WHITESPACE = Pattern.compile("[\\s,]+");

    private StartVectors() {
    }

    /** Width B and coefficients c_r of the starting block for (u, v). */
    public static double[] coefficients(VectorSpec u, VectorSpec v) {
        return u.text().equals(v.text()) ? new double[]{1.0} : BilinearForm.Polarization.PAIR.clone();
    }

    /**
     * @throws IllegalArgumentException if a node id is not in the matrix
     * @throws InputException           for a malformed, duplicated or unknown entry in a vector file
     */
    public static JavaRDD<BlockVector> build(JavaSparkContext sc, DistributedCsr a, LoadedMatrix m, VectorSpec u,
                                             VectorSpec v) {
        JavaRDD<BlockVector> uu = single(sc, a, m, u);
        if (u.text().equals(v.text())) {
            return uu;
        }
        JavaRDD<BlockVector> vv = single(sc, a, m, v);
        return uu.zipPartitions(vv, (ui, vi) -> {
            BlockVector x = ui.next();
            BlockVector y = vi.next();
            double[] xs = x.values();
            double[] ys = y.values();
            double[] out = new double[2 * xs.length];
            for (int i = 0; i < xs.length; i++) {
                out[2 * i] = xs[i] + ys[i];
                out[2 * i + 1] = xs[i] - ys[i];
            }
            return Collections.singletonList(new BlockVector(x.block(), 2, out)).iterator();
        });
    }

    /** One vector as a width-1 block vector per row block. */
    static JavaRDD<BlockVector> single(JavaSparkContext sc, DistributedCsr a, LoadedMatrix m, VectorSpec spec) {
        switch (spec.kind()) {
            case ONES:
                return a.blocks().map(b -> {
                    double[] x = new double[b.rows()];
                    java.util.Arrays.fill(x, 1.0);
                    return new BlockVector(b.block(), 1, x);
                });
            case RANDOM: {
                long seed = spec.seed();
                return a.blocks().map(b -> {
                    double[] x = new double[b.rows()];
                    for (int i = 0; i < x.length; i++) {
                        x[i] = VectorSpec.rademacher(seed, b.rowStart() + i);
                    }
                    return new BlockVector(b.block(), 1, x);
                });
            }
            case NODE: {
                long index = indexOf(m, spec.id());
                return a.blocks().map(b -> {
                    double[] x = new double[b.rows()];
                    long local = index - b.rowStart();
                    if (local >= 0 && local < b.rows()) {
                        x[(int) local] = 1.0;
                    }
                    return new BlockVector(b.block(), 1, x);
                });
            }
            case FILE:
                return fromFile(sc, a, m, spec.path());
            default:
                throw new IllegalArgumentException("unsupported vector " + spec);
        }
    }

    /** Internal index of a node id (one Spark lookup). */
    static long indexOf(LoadedMatrix m, long id) {
        List<Long> found = m.idToIndex().lookup(id);
        if (found.isEmpty()) {
            throw new IllegalArgumentException("node:" + id + " is not in " + m.source() + " (" + m.n()
                    + (m.graph() ? " nodes; ids are the identifiers of the input file)" : " rows; ids are row numbers 1.."
                    + m.n() + ")"));
        }
        return found.get(0);
    }

    private static JavaRDD<BlockVector> fromFile(JavaSparkContext sc, DistributedCsr a, LoadedMatrix m, String path) {
        try {
            JavaPairRDD<Long, Double> entries = sc.textFile(path).zipWithIndex().flatMapToPair(t -> {
                String line = t._1().strip();
                long lineNo = t._2() + 1;
                if (line.isEmpty() || line.startsWith("#") || line.startsWith("%")) {
                    return Collections.emptyIterator();
                }
                String[] f = WHITESPACE.split(line);
                if (f.length != 2) {
                    throw new InputException(path, lineNo, line, "expected 'ID VALUE'");
                }
                long id;
                double value;
                try {
                    id = Long.parseLong(f[0]);
                    value = Double.parseDouble(f[1]);
                } catch (NumberFormatException e) {
                    throw new InputException(path, lineNo, line, "expected an integer ID and a number VALUE");
                }
                if (!Double.isFinite(value)) {
                    throw new InputException(path, lineNo, line, "VALUE must be finite");
                }
                return Collections.singletonList(new Tuple2<>(id, value)).iterator();
            });
            List<Tuple2<Long, Integer>> duplicates = entries.mapValues(x -> 1).reduceByKey(Integer::sum)
                    .filter(t -> t._2() > 1).take(3);
            if (!duplicates.isEmpty()) {
                throw new InputException(path, "id " + duplicates.get(0)._1() + " is listed "
                        + duplicates.get(0)._2() + " times; each id may appear once");
            }
            JavaPairRDD<Long, Tuple2<Double, Optional<Long>>> joined = entries.leftOuterJoin(m.idToIndex());
            List<Long> unknown = joined.filter(t -> !t._2()._2().isPresent()).keys().take(5);
            if (!unknown.isEmpty()) {
                throw new InputException(path, "ids not in " + m.source() + ": " + unknown
                        + (unknown.size() == 5 ? " ..." : ""));
            }
            JavaPairRDD<Long, Double> indexed = joined
                    .mapToPair(t -> new Tuple2<>(t._2()._2().get(), t._2()._1()))
                    .partitionBy(new RowPartitioner(a.rowStarts()));
            return a.blocks().zipPartitions(indexed, (bi, it) -> {
                var b = bi.next();
                double[] x = new double[b.rows()];
                fill(x, b.rowStart(), it);
                return Collections.singletonList(new BlockVector(b.block(), 1, x)).iterator();
            });
        } catch (RuntimeException e) {
            throw SparkFailures.translate(path, e);
        }
    }

    private static void fill(double[] x, long rowStart, Iterator<Tuple2<Long, Double>> it) {
        while (it.hasNext()) {
            Tuple2<Long, Double> t = it.next();
            x[(int) (t._1() - rowStart)] = t._2();
        }
    }
}
