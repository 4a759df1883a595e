package org.matfun.spark;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.apache.spark.SparkContext;
import org.apache.spark.TaskFailedReason;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * What a run in this JVM showed an operator, beyond System.out and System.err: every log event of level WARN or
 * above that reached log4j2's root logger (formatted with its stack trace, as the console appender would print
 * it), and the number of Spark tasks of the shared session that ended in failure. Used by the bad-input and fuzz
 * tests to check "no stack trace, no failed task" for input errors.
 *
 * <p>Open one around the code under test ({@code try (ConsoleCapture c = ConsoleCapture.start()) {...}}); the
 * captures may nest or overlap (each sees every event while it is open).
 */
public final class ConsoleCapture implements AutoCloseable {

    /** A stack frame as printed by {@link Throwable#printStackTrace()}. */
    public static final Pattern FRAME = Pattern.compile("(?m)^\\s+at \\S");
    /** An exception's class name, which no message for bad input should show. */
    public static final Pattern EXCEPTION_NAME = Pattern.compile("[A-Za-z0-9_$]*Exception\\b");

    private static final List<ConsoleCapture> OPEN = new CopyOnWriteArrayList<>();
    private static final AtomicLong FAILED_TASKS = new AtomicLong();
    private static boolean installed;

    private final List<String> events = new CopyOnWriteArrayList<>();
    private final long failedAtStart;

    private ConsoleCapture() {
        this.failedAtStart = FAILED_TASKS.get();
    }

    /**
     * Starts capturing (installs the appender and the task listener on the shared session at the first call).
     *
     * @return the open capture; close it when done
     */
    public static synchronized ConsoleCapture start() {
        if (!installed) {
            SparkContext sc = SparkTestSupport.session().sparkContext();
            sc.addSparkListener(new SparkListener() {
                @Override
                public void onTaskEnd(SparkListenerTaskEnd end) {
                    if (end.reason() instanceof TaskFailedReason) {
                        FAILED_TASKS.incrementAndGet();
                    }
                }
            });
            AbstractAppender appender = new AbstractAppender("matfun-test-capture", null, null, true,
                    Property.EMPTY_ARRAY) {
                @Override
                public void append(LogEvent e) {
                    if (e.getLevel().isMoreSpecificThan(org.apache.logging.log4j.Level.WARN) && !OPEN.isEmpty()) {
                        String text = format(e);
                        for (ConsoleCapture c : OPEN) {
                            c.events.add(text);
                        }
                    }
                }
            };
            appender.start();
            LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
            Logger root = ctx.getRootLogger();
            root.addAppender(appender);
            installed = true;
        }
        ConsoleCapture c = new ConsoleCapture();
        OPEN.add(c);
        return c;
    }

    private static String format(LogEvent e) {
        StringBuilder sb = new StringBuilder(e.getLevel() + " " + e.getLoggerName() + ": "
                + e.getMessage().getFormattedMessage());
        if (e.getThrown() != null) {
            StringWriter w = new StringWriter();
            e.getThrown().printStackTrace(new PrintWriter(w));
            sb.append('\n').append(w);
        }
        return sb.toString();
    }

    /** @return the WARN and ERROR log events seen so far, each formatted with its stack trace */
    public List<String> events() {
        return new ArrayList<>(events);
    }

    /** @return the events joined by newlines */
    public String log() {
        return String.join("\n", events);
    }

    /**
     * The Spark tasks that failed since this capture started (every attempt counts; waits until Spark's listener
     * bus has delivered the events posted so far).
     *
     * @return the number of failed task attempts
     */
    public long failedTasks() {
        try {
            SparkTestSupport.session().sparkContext().listenerBus().waitUntilEmpty(60_000L);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Spark's listener bus did not drain in 60 s", e);
        }
        return FAILED_TASKS.get() - failedAtStart;
    }

    @Override
    public void close() {
        OPEN.remove(this);
    }
}
