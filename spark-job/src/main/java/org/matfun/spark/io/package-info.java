/**
 * Readers of sparse symmetric matrices and undirected graphs into distributed entry lists: Matrix Market
 * coordinate files, SNAP-style edge lists and CSV edge tables, plain or gzip-compressed, GML; and tables read with
 * Spark SQL (Parquet, ORC, catalog tables: {@code TableLoader}, {@link org.matfun.spark.io.TableFiles}).
 *
 * <p>Entry point: {@link org.matfun.spark.io.MatrixReader#read}. Result: {@link org.matfun.spark.io.LoadedMatrix}
 * with both triangles stored, 0-based indices, and the map from the file's identifiers to indices. Errors in the
 * input are {@link org.matfun.spark.io.InputException}s naming the file and the line.
 *
 * <p>Bad input never fails a Spark task: {@link org.matfun.spark.io.TextScan} parses the lines of a file on the
 * executors and records the first bad line of each partition in a {@link org.matfun.spark.io.FirstInputError}
 * accumulator, which the driver throws after the parsing job (no task failure logged, nothing retried).
 *
 * <p>{@code PairKey}, {@code EdgeWeights} and {@code CoordinateValues} are public only for Kryo registration.
 */
package org.matfun.spark.io;
