package io.memgraph.ha.tck;

import org.junit.platform.suite.api.ConfigurationParameter;
import org.junit.platform.suite.api.IncludeEngines;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;

/**
 * The TCK as a JUnit suite, for running and debugging scenarios one by one in an IDE (each
 * scenario shows as a test, failures in red). The build does not run it (its name matches no
 * surefire include); the build runs {@link TckRatchetTest}, which records outcomes instead of
 * failing on them.
 */
@Suite
@IncludeEngines("cucumber")
@SelectPackages("features")
@ConfigurationParameter(key = "cucumber.glue", value = "io.memgraph.ha.tck")
@ConfigurationParameter(key = "cucumber.publish.quiet", value = "true")
public class TckSuite {
}
