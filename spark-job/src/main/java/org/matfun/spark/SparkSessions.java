package org.matfun.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** Builds the SparkSession matfun runs in: Kryo with registration required, the given master if any. */
public final class SparkSessions {

    private SparkSessions() {
    }

    /**
     * The Spark configuration matfun needs on top of what spark-submit or the launcher gives.
     *
     * @param master a Spark master URL ({@code local[*]}, {@code spark://host:7077}, ...), or null to keep
     *               the one spark-submit set
     */
    public static SparkConf conf(String appName, String master) {
        SparkConf conf = new SparkConf(true).setAppName(appName)
                .set("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                .set("spark.kryo.registrationRequired", "true")
                .set("spark.kryo.registrator", MatfunKryoRegistrator.class.getName())
                .set("spark.ui.showConsoleProgress", "false");
        if (master != null) {
            conf.setMaster(master);
        } else if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]");
        }
        return conf;
    }

    public static SparkSession create(String appName, String master) {
        return SparkSession.builder().config(conf(appName, master)).getOrCreate();
    }
}
