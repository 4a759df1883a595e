/**
 * Readers of sparse symmetric matrices and undirected graphs into distributed entry lists: Matrix Market
 * coordinate files, SNAP-style edge lists and CSV edge tables, plain or gzip-compressed, GML; and tables read with
 * Spark SQL (Parquet, ORC, catalog tables: {@code TableLoader}, {@link org.matfun.spark.io.TableFiles}).
 *
 * <p>Entry point: {@link org.matfun.spark.io.MatrixReader#read}. Result: {@link org.matfun.spark.io.LoadedMatrix}
 * with both triangles stored, 0-based indices, and the map from the file's identifiers to indices. Errors in the
 * input are {@link org.matfun.spark.io.InputException}s naming the file and the line.
 *
 * <p>{@code PairKey}, {@code EdgeWeights} and {@code CoordinateValues} are public only for Kryo registration.
 */
package org.matfun.spark.io;
