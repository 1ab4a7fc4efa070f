package io.memgraph.ha.bolt.version;

import java.util.List;
import java.util.Optional;

/** The Bolt versions this module speaks, highest first (5.5 does not exist as a negotiable version). */
public final class BoltProtocols {

  /** Every supported protocol, highest version first. */
  public static final List<BoltProtocol> ALL = List.of(new BoltV58(), new BoltV57(), new BoltV56(), new BoltV54(), new BoltV53(), new BoltV52(), new BoltV51(),
      new BoltV50(), new BoltV44(), new BoltV43(), new BoltV42(), new BoltV41(), new BoltV40(), new BoltV3(),
      new BoltV1());

  /** The supported versions, highest first. */
  public static final List<BoltVersion> VERSIONS = ALL.stream().map(BoltProtocol::version).toList();

  private BoltProtocols() {}

  /** The protocol for a version, if supported. */
  public static Optional<BoltProtocol> forVersion(BoltVersion version) {
    return ALL.stream().filter(p -> p.version().equals(version)).findFirst();
  }
}
