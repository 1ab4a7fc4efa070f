package io.memgraph.ha.bench;

/** The names under which the systems appear in the tables and charts. */
public final class Systems {
    /** Our single server. */
    public static final String OURS = "memgraph_ha";
    /** Our 3-server cluster, the client talking to the leader directly. */
    public static final String OURS_LEADER = "memgraph_ha leader";
    /** Our 3-server cluster through memgraph_ha_proxy. */
    public static final String OURS_PROXY = "memgraph_ha via proxy";
    /** Neo4j Community, embedded in its own JVM. */
    public static final String NEO4J = "Neo4j";
    /** A 3-node etcd cluster. */
    public static final String ETCD = "etcd";

    private Systems() {
    }
}
