package io.memgraph.ha.bench.load;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The CPU time a system's processes have used, all their threads, user and kernel (on Linux from
 * {@code /proc/<pid>/stat}, with the kernel's tick as resolution: 10 ms). Read before and after a
 * timed run, it gives the system's own CPU per operation, apart from the load generator's.
 */
public final class ProcessCpu {
    private ProcessCpu() {
    }

    /**
     * A reader of the total CPU nanoseconds of the processes {@code processes} names when it is
     * called (so a restarted process is followed); -1 when the system reports no CPU time for one
     * of them (it is gone, or the platform does not say).
     */
    public static LongSupplier of(Supplier<List<ProcessHandle>> processes) {
        return () -> {
            long sum = 0;
            List<ProcessHandle> list = processes.get();
            if (list.isEmpty()) {
                return -1;
            }
            for (ProcessHandle p : list) {
                Optional<Duration> cpu = p.info().totalCpuDuration();
                if (cpu.isEmpty()) {
                    return -1;
                }
                sum += cpu.get().toNanos();
            }
            return sum;
        };
    }
}
