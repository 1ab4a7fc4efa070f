package io.memgraph.ha.bolt.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.memgraph.ha.bolt.messaging.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A response sink that collects what a state machine answers, for tests. */
final class RecordingSink implements ResponseSink {
  final List<Response> responses = new ArrayList<>();
  boolean closed;

  @Override
  public void success(Map<String, Object> metadata) {
    responses.add(new Response.Success(metadata));
  }

  @Override
  public void accept(List<Object> values) {
    responses.add(new Response.RecordMessage(values));
  }

  @Override
  public void failure(String code, String message) {
    responses.add(new Response.Failure(code, message));
  }

  @Override
  public void ignored() {
    responses.add(new Response.Ignored());
  }

  @Override
  public void close() {
    closed = true;
  }

  Response last() {
    return responses.get(responses.size() - 1);
  }

  Map<String, Object> lastSuccess() {
    assertThat(last()).isInstanceOf(Response.Success.class);
    return ((Response.Success) last()).metadata();
  }

  String lastFailureCode() {
    assertThat(last()).isInstanceOf(Response.Failure.class);
    return ((Response.Failure) last()).code();
  }
}
