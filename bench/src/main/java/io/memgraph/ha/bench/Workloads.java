package io.memgraph.ha.bench;

import java.util.Map;

/** The keys of the workloads and their titles in the tables and charts. */
public final class Workloads {
    public static final String CREATE = "create";
    public static final String POINT_READ = "point-read";
    public static final String ONE_HOP = "one-hop";
    public static final String TWO_HOP = "two-hop";
    public static final String MIX = "mix-90-10";
    public static final String CLUSTER_WRITE = "cluster-write";

    private static final Map<String, String> TITLES = Map.of(
            CREATE, "create one node",
            POINT_READ, "indexed point read by id",
            ONE_HOP, "one-hop expand",
            TWO_HOP, "two-hop aggregate",
            MIX, "90/10 read/write mix",
            CLUSTER_WRITE, "cluster: small durable write (CREATE one node; etcd: put of 100 bytes)");

    private Workloads() {
    }

    /** The title of {@code key}, or the key itself for a workload without one. */
    public static String title(String key) {
        return TITLES.getOrDefault(key, key);
    }

    /** Whether {@code key} is a cluster workload (compared with etcd) rather than a single-server one. */
    public static boolean isCluster(String key) {
        return key.startsWith("cluster");
    }
}
