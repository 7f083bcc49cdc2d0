package io.appfleet.testsupport;

import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Main class of the broker's child JVM:
 * {@code KafkaBrokerLauncher <parent pid> [--format <cluster id> <server.properties>] <main class> <args...>}.
 *
 * <p>{@code --format} runs {@code kafka-storage format --standalone --ignore-formatted} in this same JVM before the
 * broker starts: StorageTool's main ends in System.exit, so it cannot run in the caller's JVM, and reusing the broker's
 * JVM saves a JVM start (about 2 s on 2 cores) on every fresh broker.
 *
 * <p>If the JVM that started the broker dies without stopping it (SIGKILL, a crashed test fork), an orphaned broker
 * would keep its ports and data dir busy until someone notices. This watches the parent and shuts the broker down
 * through its normal shutdown hook when the parent is gone. It uses only the JDK because it runs on the broker's
 * classpath, where nothing else of this module is available.
 */
public final class KafkaBrokerLauncher {

    private KafkaBrokerLauncher() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length < 2) {
            System.err.println("usage: KafkaBrokerLauncher <parent pid> <main class> [args...]");
            System.exit(2);
        }
        long parentPid = Long.parseLong(args[0]);
        watchParent(parentPid);
        int next = 1;
        if ("--format".equals(args[next])) {
            format(args[next + 1], args[next + 2]);
            next += 3;
        }
        Method main = Class.forName(args[next]).getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) Arrays.copyOfRange(args, next + 1, args.length));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static void format(String clusterId, String config) throws Throwable {
        String[] formatArgs = {"format", "--standalone", "-t", clusterId, "-c", config, "--ignore-formatted"};
        Method execute = Class.forName("kafka.tools.StorageTool").getMethod("execute", String[].class, PrintStream.class);
        int rc;
        try {
            rc = (Integer) execute.invoke(null, formatArgs, System.out);
        } catch (InvocationTargetException e) {
            System.out.println("kafka-storage format failed:");
            e.getCause().printStackTrace(System.out);
            rc = 1;
        }
        System.out.flush();
        if (rc != 0) {
            System.out.println("kafka-storage format exited with " + rc + "; not starting the broker");
            System.exit(5);
        }
    }

    private static void watchParent(long parentPid) {
        ProcessHandle parent = ProcessHandle.of(parentPid).orElse(null);
        if (parent == null) {
            System.err.println("parent process " + parentPid + " is already gone; not starting the broker");
            System.exit(3);
        }
        parent.onExit().thenRun(() -> {
            System.err.println("parent process " + parentPid + " exited; shutting the broker down");
            Thread halt = new Thread(() -> {
                try {
                    Thread.sleep(30_000);
                } catch (InterruptedException ignored) {
                    return;
                }
                // Kafka's own shutdown did not finish: do not linger as an orphan.
                Runtime.getRuntime().halt(4);
            }, "parent-watch-halt");
            halt.setDaemon(true);
            halt.start();
            System.exit(0);
        });
    }
}
