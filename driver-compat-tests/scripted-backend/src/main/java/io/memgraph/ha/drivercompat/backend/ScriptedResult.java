package io.memgraph.ha.drivercompat.backend;

import io.memgraph.ha.bolt.server.spi.RecordSink;
import io.memgraph.ha.bolt.server.spi.ResultStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The result of one scripted query; records each PULL and DISCARD in its session's calls. */
final class ScriptedResult implements ResultStream {

  private final ScriptedSession session;
  private final String query;
  private final ScriptedQuery answer;
  private final String bookmark;
  private int next;

  ScriptedResult(ScriptedSession session, String query, ScriptedQuery answer, String bookmark) {
    this.session = session;
    this.query = query;
    this.answer = answer;
    this.bookmark = bookmark;
  }

  @Override
  public List<String> fields() {
    return answer.fields();
  }

  @Override
  public boolean pull(long n, RecordSink sink) {
    session.record("PULL " + n + " " + query);
    int end = end(n);
    for (; next < end; next++) {
      sink.accept(answer.rows().get(next));
    }
    return next < answer.rows().size();
  }

  @Override
  public boolean discard(long n) {
    session.record("DISCARD " + n + " " + query);
    next = end(n);
    return next < answer.rows().size();
  }

  @Override
  public Map<String, Object> summary() {
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("type", "r");
    if (bookmark != null) {
      summary.put("bookmark", bookmark);
    }
    return summary;
  }

  @Override
  public void close() {
    session.record("CLOSE-RESULT " + query);
  }

  private int end(long n) {
    int size = answer.rows().size();
    return n < 0 || next + n > size ? size : (int) (next + n);
  }
}
