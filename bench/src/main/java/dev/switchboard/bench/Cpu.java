package dev.switchboard.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU time from {@code /proc} (Linux; 0 elsewhere), so a row can say where the machine's cores went:
 * the measured JVMs, and PostgreSQL (every {@code postgres} process, plus what the postmaster
 * collected from backends that exited).
 */
final class Cpu {
    private static final double MS_PER_TICK = 10; // USER_HZ is 100 on Linux

    private Cpu() {}

    /** CPU milliseconds used so far by these processes (all their threads). */
    static double processesMs(List<Proc> procs) {
        double ms = 0;
        for (Proc p : procs) ms += ticks(Path.of("/proc", Long.toString(p.pid()), "stat"), false) * MS_PER_TICK;
        return ms;
    }

    /**
     * CPU milliseconds used so far by these processes' JIT compiler threads (HotSpot names them
     * {@code C1 CompilerThread<n>} and {@code C2 CompilerThread<n>}; Linux keeps 15 characters).
     */
    static double compilerMs(List<Proc> procs) {
        long ticks = 0;
        for (Proc p : procs) {
            try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(p.pid()), "task"))) {
                for (Path task : tasks) {
                    String s = read(task.resolve("stat"));
                    if (s != null && (s.contains("(C1 CompilerThre") || s.contains("(C2 CompilerThre"))) ticks += ticks(s, false);
                }
            } catch (IOException e) {
                // not Linux, or the process is gone: no compiler time to report
            }
        }
        return ticks * MS_PER_TICK;
    }

    /** CPU milliseconds used so far by all PostgreSQL processes on this machine. */
    static double postgresMs() {
        long ticks = 0;
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().chars().allMatch(Character::isDigit))) {
            for (Path dir : dirs) {
                Path stat = dir.resolve("stat");
                String s = read(stat);
                if (s == null || !s.contains("(postgres)")) continue;
                // the postmaster (parent pid 1 or not a postgres) also carries its reaped children's time
                ticks += ticks(s, true);
            }
        } catch (IOException e) {
            return 0;
        }
        return ticks * MS_PER_TICK;
    }

    /** utime + stime (fields 14 and 15), plus cutime + cstime (16 and 17) when {@code children}. */
    private static long ticks(Path stat, boolean children) {
        String s = read(stat);
        return s == null ? 0 : ticks(s, children);
    }

    /** As {@link #ticks(Path, boolean)}, from the stat line already read. */
    private static long ticks(String s, boolean children) {
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" "); // f[0] is field 3
        long t = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        if (children) t += Long.parseLong(f[13]) + Long.parseLong(f[14]);
        return t;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** CPU milliseconds used so far by this process (the load generator and the fake OpenAI and Meta). */
    static double selfMs() {
        return ticks(Path.of("/proc/self/stat"), false) * MS_PER_TICK;
    }

    /** CPU used between two readings: the measured JVMs, PostgreSQL, and the bench itself (load and fakes). */
    record Reading(double appMs, double pgMs, double driverMs) {
        static Reading now(List<Proc> procs) {
            return new Reading(processesMs(procs), postgresMs(), selfMs());
        }

        Reading minus(Reading before) {
            return new Reading(appMs - before.appMs, pgMs - before.pgMs, driverMs - before.driverMs);
        }
    }
}
