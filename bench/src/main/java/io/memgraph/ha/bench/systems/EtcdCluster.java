package io.memgraph.ha.bench.systems;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A 3-node etcd cluster on 127.0.0.1 from Debian's {@code etcd-server} ({@value #ETCD}): one process
 * and one data directory per member, etcd's defaults otherwise (an fsync per commit on every
 * member). Each member's output goes to {@code <dir>/<name>.log}.
 */
public final class EtcdCluster implements AutoCloseable {
    public static final String ETCD = "/usr/bin/etcd";
    private static final Logger LOG = LoggerFactory.getLogger(EtcdCluster.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final int SIZE = 3;

    private final List<Process> members = new ArrayList<>();
    private final List<String> clientUrls = new ArrayList<>();
    private final Path dir;

    private EtcdCluster(Path dir) {
        this.dir = dir;
    }

    /** The {@code etcd --version} line naming the version, e.g. {@code 3.4.23}. */
    public static String version() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(ETCD, "--version").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        return out.lines().filter(l -> l.startsWith("etcd Version:")).map(l -> l.substring(13).trim()).findFirst()
                .orElse(out.lines().findFirst().orElse("unknown"));
    }

    /** Starts the three members under {@code dir} and waits until a put succeeds. */
    public static EtcdCluster start(Path dir) throws Exception {
        EtcdCluster c = new EtcdCluster(dir);
        try {
            c.launch();
            c.awaitServing();
        } catch (Exception | Error e) {
            c.close();
            throw e;
        }
        return c;
    }

    private void launch() throws IOException {
        int[] peer = IntStream.range(0, SIZE).map(i -> ChildProcesses.freePort()).toArray();
        int[] client = IntStream.range(0, SIZE).map(i -> ChildProcesses.freePort()).toArray();
        String initial = IntStream.range(0, SIZE).mapToObj(i -> "e" + i + "=http://127.0.0.1:" + peer[i])
                .collect(Collectors.joining(","));
        for (int i = 0; i < SIZE; i++) {
            String name = "e" + i;
            String clientUrl = "http://127.0.0.1:" + client[i];
            String peerUrl = "http://127.0.0.1:" + peer[i];
            Files.createDirectories(dir);
            List<String> cmd = List.of(ETCD, "--name=" + name, "--data-dir=" + dir.resolve(name),
                    "--listen-client-urls=" + clientUrl, "--advertise-client-urls=" + clientUrl,
                    "--listen-peer-urls=" + peerUrl, "--initial-advertise-peer-urls=" + peerUrl,
                    "--initial-cluster=" + initial, "--initial-cluster-token=bench",
                    "--initial-cluster-state=new", "--logger=zap");
            Path log = dir.resolve(name + ".log");
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            ChildProcesses.track(p.toHandle());
            members.add(p);
            clientUrls.add(clientUrl);
        }
        LOG.info("etcd members at {} under {}", clientUrls, dir);
    }

    private void awaitServing() throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        try (Client c = client()) {
            while (true) {
                try {
                    c.getKVClient().put(bytes("bench-ready"), bytes("1")).get(2, TimeUnit.SECONDS);
                    return;
                } catch (InterruptedException e) {
                    throw e;
                } catch (Exception e) {
                    if (System.nanoTime() - deadline > 0) {
                        throw new IllegalStateException("etcd did not serve within " + START_TIMEOUT + " (logs in "
                                + dir + ")", e);
                    }
                    for (Process p : members) {
                        if (!p.isAlive()) {
                            throw new IllegalStateException("an etcd member exited with " + p.exitValue()
                                    + " (logs in " + dir + ")");
                        }
                    }
                    Thread.sleep(200);
                }
            }
        }
    }

    /** The members' processes, for their CPU time. */
    public List<ProcessHandle> processes() {
        return members.stream().filter(Process::isAlive).map(Process::toHandle).toList();
    }

    /** A jetcd client for all three members (close it when done). */
    public Client client() {
        return Client.builder().endpoints(clientUrls.toArray(String[]::new)).build();
    }

    /** {@code s} as UTF-8 bytes for jetcd. */
    public static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        for (Process p : members) {
            ChildProcesses.stop(p.toHandle(), Duration.ofSeconds(15));
        }
    }
}
