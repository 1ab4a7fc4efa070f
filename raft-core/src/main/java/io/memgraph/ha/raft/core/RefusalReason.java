package io.memgraph.ha.raft.core;

/** Why a proposal or a read was not accepted. */
public enum RefusalReason {
  /** This node is not the leader; the refusal names the leader if it is known. */
  NOT_LEADER,
  /** The leader is handing leadership to another node and accepts nothing meanwhile. */
  LEADERSHIP_TRANSFER_IN_PROGRESS
}
