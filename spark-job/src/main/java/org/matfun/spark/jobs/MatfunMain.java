package org.matfun.spark.jobs;

import org.matfun.core.function.DomainException;
import org.matfun.spark.io.InputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code matfun} launcher: subcommands run with an embedded {@code local[*]} master by default, or under
 * spark-submit on a cluster (same main class). Exit codes: 0 done, 1 computation failed, 2 bad input or usage.
 */
@Command(name = "matfun", mixinStandardHelpOptions = true, version = "matfun " + MatfunMain.VERSION,
        description = "Bilinear forms u^T f(A) v of sparse symmetric matrices and their gradients, on Apache Spark.",
        subcommands = {BilinearCommand.class, TraceCommand.class,
                org.matfun.spark.communicability.CommunicabilityCommand.class})
public final class MatfunMain implements Runnable {

    /** The release. */
    public static final String VERSION = "0.1.0";

    /** Exit code for bad input, options or domain (the message says what and where). */
    public static final int BAD_INPUT = 2;
    /** Exit code for a failed computation. */
    public static final int FAILED = 1;

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** Runs the command line and returns the exit code (no System.exit; used by tests). */
    public static int execute(String... args) {
        CommandLine cl = new CommandLine(new MatfunMain());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            Throwable cause = userError(e);
            if (cause != null) {
                cmd.getErr().println("matfun: error: " + cause.getMessage());
                if (cause instanceof InputException && ((InputException) cause).hint() != null) {
                    cmd.getErr().println("hint: " + ((InputException) cause).hint());
                }
                return BAD_INPUT;
            }
            cmd.getErr().println("matfun: failed: " + e);
            e.printStackTrace(cmd.getErr());
            return FAILED;
        });
        return cl.execute(args);
    }

    /** The user-facing error in a failure's cause chain (bad input, bad option, domain), or null. */
    static Throwable userError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InputException || t instanceof IllegalArgumentException || t instanceof DomainException) {
                return t;
            }
        }
        return null;
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }
}
