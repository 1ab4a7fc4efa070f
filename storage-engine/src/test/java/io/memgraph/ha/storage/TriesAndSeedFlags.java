package io.memgraph.ha.storage;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyAttributes;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Lets a run override a property's tries and seed from the command line, e.g.
 * {@code -Dstorage.model.tries=10000 -Dstorage.model.seed=42} (or {@code =random}); without the
 * flags the {@code @Property} annotation's fixed values hold, so CI repeats the same inputs.
 */
final class TriesAndSeedFlags implements AroundPropertyHook {
  static final String TRIES = "storage.model.tries";
  static final String SEED = "storage.model.seed";

  @Override
  public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context,
      PropertyExecutor property) {
    override(context.attributes(), System.getProperty(TRIES), System.getProperty(SEED));
    return property.execute();
  }

  static void override(PropertyAttributes attributes, String tries, String seed) {
    if (tries != null && !tries.isBlank()) {
      attributes.setTries(positive(TRIES, tries));
    }
    if (seed != null && !seed.isBlank()) {
      // jqwik's empty seed means "pick a random one"; it prints the seed it picked on failure.
      attributes.setSeed(seed.strip().equalsIgnoreCase("random") ? "" : number(SEED, seed));
    }
  }

  private static int positive(String flag, String value) {
    try {
      int n = Integer.parseInt(value.strip());
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below, with the flag's name
    }
    throw new IllegalArgumentException(
        "-D" + flag + "=" + value + ": expected a whole number of tries above 0");
  }

  private static String number(String flag, String value) {
    try {
      return Long.toString(Long.parseLong(value.strip()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "-D" + flag + "=" + value + ": expected a whole number (a jqwik seed) or \"random\"", e);
    }
  }
}
