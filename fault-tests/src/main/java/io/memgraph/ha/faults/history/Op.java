package io.memgraph.ha.faults.history;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * One event of a client history: an operation's invocation, or its completion. Both carry the same
 * {@code id}; a completion is {@link Type#OK}, {@link Type#FAIL} (it certainly took no effect) or
 * {@link Type#INFO} (the outcome is unknown: it may take effect at any time after its invocation).
 *
 * @param id the operation's id, shared by its invocation and completion
 * @param process the client process that ran it; a process never has two operations open
 * @param type what this event is
 * @param f the operation's name ({@code read}, {@code write}, {@code cas}, {@code add}, ...)
 * @param key the key it is about (a register's key), or null
 * @param value the argument (invocation) or result (completion): a Long, a List or a Map, or null
 * @param nanos when, in nanoseconds since the history began (one clock for every process)
 * @param error why it failed or is unknown (an error code and message), or null
 */
public record Op(long id, int process, Type type, String f, String key, Object value, long nanos, String error) {

    /** What an event is. */
    public enum Type {
        /** The operation began. */
        INVOKE,
        /** It completed and took effect (or, for a read, returned this value). */
        OK,
        /** It completed and certainly took no effect. */
        FAIL,
        /** Its outcome is unknown. */
        INFO
    }

    /** True for an invocation. */
    @JsonIgnore
    public boolean isInvoke() {
        return type == Type.INVOKE;
    }
}
