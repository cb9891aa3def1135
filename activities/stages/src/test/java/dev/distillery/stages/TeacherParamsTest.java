package dev.distillery.stages;

import static dev.distillery.stages.StageFixtures.context;
import static dev.distillery.stages.StageFixtures.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.distillery.llm.CompletionBroker;
import dev.distillery.stages.core.OpenAiChatClients;
import dev.distillery.stages.core.Rows;
import dev.distillery.stages.core.StageServices;
import dev.distillery.store.FakeBlobStore;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The teacher's generation params and prompt template reach the endpoint as the OpenAI API names
 * them, and the manifest's cost counter follows the configured prices.
 */
class TeacherParamsTest {
  private static final String REPLY =
      """
      {"id":"x","object":"chat.completion","model":"m","choices":[
        {"index":0,"message":{"role":"assistant","content":"<think>hm</think>42"},
         "finish_reason":"stop"}],
       "usage":{"prompt_tokens":100,"completion_tokens":1000,"total_tokens":1100}}
      """;

  @Test
  void paramsTemplateAndPricesAreApplied() throws Exception {
    List<JsonNode> bodies = new CopyOnWriteArrayList<>();
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    server.createContext(
        "/v1/chat/completions",
        exchange -> {
          try (exchange) {
            bodies.add(Rows.JSON.readTree(exchange.getRequestBody()));
            byte[] bytes = REPLY.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(bytes);
            }
          }
        });
    server.start();
    try {
      URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
      Map<String, Object> params = new HashMap<>();
      params.put("base_url", base.toString());
      params.put("model", "m");
      params.put("top_p", 0.9);
      params.put("seed", 1234);
      params.put("stop", List.of("</answer>"));
      params.put("system_prompt", "Think step by step.");
      params.put("prompt_template", "[{domain}/{source}/{id}] Solve: {question}");
      params.put("price_input_per_million", 2.0);
      params.put("price_output_per_million", 8.0);
      RecordingRowSink sink = new RecordingRowSink();
      StageServices services =
          new StageServices(
              StageFixtures.noServices().files(),
              new OpenAiChatClients(() -> base),
              new CompletionBroker(new FakeBlobStore()),
              Map.of());
      List<ObjectNode> questions =
          List.of(
              Rows.question("q1", "s", "math", "1+1?", "2"),
              Rows.question("q2", "s", "math", "2+2?", "4"));

      new TeacherStage()
          .run(context("teacher", params, List.of(rows("dedup", questions)), sink, services));

      assertEquals(2, bodies.size());
      JsonNode first =
          bodies.stream().filter(b -> b.toString().contains("q1")).findFirst().orElseThrow();
      assertEquals(0.9, first.get("top_p").asDouble());
      assertEquals(1234, first.get("seed").asLong());
      assertEquals("</answer>", first.get("stop").get(0).asText());
      assertEquals("system", first.get("messages").get(0).get("role").asText());
      assertEquals("[math/s/q1] Solve: 1+1?", first.get("messages").get(1).get("content").asText());
      // 2 requests x (100 x $2 + 1000 x $8 per million tokens) = 2 x 8,200 micro-dollars.
      assertEquals(16_400L, sink.counters.get("cost_microusd"));
      assertEquals("hm", sink.rows.get(0).get("reasoning").asText());
      assertEquals("42", sink.rows.get(0).get("response").asText());
      assertEquals(0.9, sink.rows.get(0).get("teacher").get("top_p").asDouble());
    } finally {
      server.stop(0);
    }
  }
}
