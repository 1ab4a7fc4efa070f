package io.memgraph.ha.raft.node;

/**
 * The proposal was definitely not applied: a new leader's entry took its place in the log. It is
 * safe to retry.
 */
public final class ProposalLostException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception for the entry proposed at {@code index} in {@code term}. */
  public ProposalLostException(long index, long term, long appliedTerm) {
    super("the entry proposed at index " + index + " in term " + term
        + " was replaced by an entry of term " + appliedTerm + " and not applied");
  }
}
