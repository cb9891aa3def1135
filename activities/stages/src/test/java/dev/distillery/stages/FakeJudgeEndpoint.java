package dev.distillery.stages;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.llm.FakeChatEndpoint;
import dev.distillery.stages.core.Rows;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.function.Function;

/**
 * An OpenAI-compatible chat endpoint over real HTTP whose reply to each request is a fixed function
 * of the request's last user message, for judge tests that need known verdicts.
 */
final class FakeJudgeEndpoint implements AutoCloseable {
  private final FakeChatEndpoint endpoint;

  /** Serves {@code reply.apply(lastUserMessage)} as the content of every completion. */
  FakeJudgeEndpoint(Function<String, String> reply) throws IOException {
    endpoint = new FakeChatEndpoint(request -> completion(reply.apply(lastUserMessage(request))));
  }

  private static String lastUserMessage(String request) {
    String prompt = "";
    try {
      for (JsonNode message : Rows.JSON.readTree(request).path("messages")) {
        if ("user".equals(message.path("role").asText())) {
          prompt = message.path("content").asText();
        }
      }
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    return prompt;
  }

  private static String completion(String content) {
    ObjectNode body = Rows.JSON.createObjectNode();
    ObjectNode choice = body.putArray("choices").addObject();
    choice.put("index", 0).put("finish_reason", "stop");
    choice.putObject("message").put("role", "assistant").put("content", content);
    body.putObject("usage").put("prompt_tokens", 10).put("completion_tokens", 5);
    return body.toString();
  }

  URI baseUrl() {
    return endpoint.baseUrl();
  }

  int requestCount() {
    return endpoint.requestCount();
  }

  @Override
  public void close() {
    endpoint.close();
  }
}
