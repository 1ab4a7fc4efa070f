/**
 * Test support for the driver compatibility tests: a {@link io.memgraph.ha.drivercompat.backend.ScriptedBackend}
 * that answers queries from a script and records every call the Bolt server makes, and
 * {@link io.memgraph.ha.drivercompat.backend.EveryValueType}, one row holding a value of every
 * Bolt type.
 */
package io.memgraph.ha.drivercompat.backend;
