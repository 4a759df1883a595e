package org.matfun.spark.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.matfun.spark.lanczos.DistributedLanczos;
import org.matfun.spark.lanczos.LanczosBlockState;
import org.matfun.spark.lanczos.LanczosSnapshot;
import org.matfun.spark.matrix.BlockPartitioner;
import org.matfun.spark.matrix.DistributedCsr;
import scala.Tuple2;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * The checkpoint of a distributed Lanczos run in {@code --checkpoint-dir DIR}: every few steps the block states
 * (q_t, the next raw direction w_t, z_t = A w_t, and the basis when kept) are saved as object files under
 * {@code DIR/lanczos/blocks-STEP}, then the driver state (T_t as the recorded steps, the scalars, the job's
 * fingerprint) replaces {@code DIR/lanczos/driver.json} by an atomic rename, and older block files are deleted.
 * A rerun of the same command finds it and resumes; a checkpoint of another job (other matrix file, function,
 * vectors, partitions, ...) is ignored and replaced. Spark's own RDD checkpoints go to {@code DIR/rdd}.
 */
public final class LanczosCheckpoint {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("org.matfun.bilinear");

    private final FileSystem fs;
    private final Path root;
    private final Map<String, Object> fingerprint;

    private LanczosCheckpoint(FileSystem fs, Path root, Map<String, Object> fingerprint) {
        this.fs = fs;
        this.root = root;
        this.fingerprint = fingerprint;
    }

    /** Opens (and creates) {@code DIR/lanczos}; sets Spark's checkpoint directory to {@code DIR/rdd}. */
    public static LanczosCheckpoint open(JavaSparkContext sc, String dir, Map<String, Object> fingerprint) {
        try {
            Path base = new Path(dir);
            FileSystem fs = base.getFileSystem(sc.hadoopConfiguration());
            Path root = fs.makeQualified(new Path(base, "lanczos"));
            fs.mkdirs(root);
            sc.setCheckpointDir(new Path(base, "rdd").toString());
            return new LanczosCheckpoint(fs, root, fingerprint);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use checkpoint directory " + dir, e);
        }
    }

    /** A saved run: its driver state and its block states, aligned with the row blocks. */
    public record Saved(LanczosSnapshot snapshot, JavaRDD<LanczosBlockState> states) {
    }

    /**
     * The saved run of this job, if there is one (one Spark read of the block states when there is).
     *
     * @return empty when there is no checkpoint or it belongs to another job
     */
    public Optional<Saved> load(JavaSparkContext sc, DistributedCsr matrix) {
        Path driver = new Path(root, "driver.json");
        try {
            if (!fs.exists(driver)) {
                return Optional.empty();
            }
            JsonNode node;
            try (InputStream in = fs.open(driver)) {
                node = JSON.readTree(in);
            }
            // compare as parsed JSON on both sides (number node types then agree)
            if (!JSON.readTree(JSON.writeValueAsString(fingerprint)).equals(node.get("fingerprint"))) {
                LOG.warn("the checkpoint in {} belongs to another job (other input, function, vectors or layout);"
                        + " starting over", root.getParent());
                return Optional.empty();
            }
            LanczosSnapshot snapshot = JSON.treeToValue(node.get("snapshot"), LanczosSnapshot.class);
            String blocks = new Path(root, node.get("blocks").asText()).toString();
            int p = matrix.partitions();
            JavaRDD<LanczosBlockState> states = sc.<LanczosBlockState>objectFile(blocks, p)
                    .mapToPair(s -> new Tuple2<>(s.block(), s))
                    .partitionBy(new BlockPartitioner(p))
                    .values()
                    .persist(StorageLevel.MEMORY_AND_DISK());
            return Optional.of(new Saved(snapshot, states));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the checkpoint in " + root, e);
        }
    }

    /** Saves the run as it stands after its last step (one Spark job writing the block states). */
    public void save(DistributedLanczos lanczos) {
        LanczosSnapshot snapshot = lanczos.snapshot();
        String name = String.format("blocks-%06d", snapshot.step());
        try {
            Path blocks = new Path(root, name);
            fs.delete(blocks, true);
            lanczos.states().saveAsObjectFile(blocks.toString());
            Path tmp = new Path(root, "driver.json.tmp");
            try (FSDataOutputStream out = fs.create(tmp, true)) {
                out.write(JSON.writeValueAsString(Map.of("fingerprint", fingerprint, "snapshot", snapshot,
                        "blocks", name)).getBytes(StandardCharsets.UTF_8));
            }
            Path driver = new Path(root, "driver.json");
            fs.delete(driver, false);
            if (!fs.rename(tmp, driver)) {
                throw new IOException("could not rename " + tmp + " to " + driver);
            }
            for (FileStatus st : fs.listStatus(root)) {
                String n = st.getPath().getName();
                if (n.startsWith("blocks-") && !n.equals(name)) {
                    fs.delete(st.getPath(), true);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the checkpoint in " + root, e);
        }
    }

    /** Removes the checkpoint after the results are committed (and the directory, if nothing else is in it). */
    public void clear() {
        try {
            fs.delete(root, true);
            fs.delete(new Path(root.getParent(), "rdd"), true);
            if (fs.listStatus(root.getParent()).length == 0) {
                fs.delete(root.getParent(), false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the checkpoint in " + root, e);
        }
    }

    /** Identifies the input file version for the fingerprint: path, length, modification time. */
    static Map<String, Object> fileIdentity(JavaSparkContext sc, String path) {
        try {
            Path p = new Path(path);
            FileStatus st = p.getFileSystem(sc.hadoopConfiguration()).getFileStatus(p);
            return Map.of("path", st.getPath().toString(), "length", st.getLen(),
                    "modificationTime", st.getModificationTime());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stat " + path, e);
        }
    }
}
