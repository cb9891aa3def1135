package dev.distillery.llm.simulated;

import static dev.distillery.llm.simulated.SimulatedHttp.chatBody;
import static dev.distillery.llm.simulated.SimulatedHttp.post;
import static dev.distillery.llm.simulated.SimulatedHttp.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Deliveries are counted per distinct chat-completions body, whatever the reply. */
class SimulatedDeliveriesTest {

  private static String body(String question) {
    return text(chatBody(SimulatedLlmConfig.DEFAULT_MODEL, question));
  }

  private static String key(String body) {
    return SimulatedLlmServer.requestKey(body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void theSameBodyTwiceIsOneRequestDeliveredTwice() throws Exception {
    try (SimulatedLlmServer server = SimulatedLlmServer.start(SimulatedLlmConfig.defaults())) {
      assertEquals(0, server.maxDeliveriesOfOneRequest());
      String a = body("What is 2 + 3?");
      String b = body("What is 4 + 5?");
      String notJson = "{not json";

      assertEquals(200, post(server, a).statusCode());
      assertEquals(200, post(server, a).statusCode());
      assertEquals(200, post(server, b).statusCode());
      assertEquals(400, post(server, notJson).statusCode());

      assertEquals(Map.of(key(a), 2, key(b), 1, key(notJson), 1), server.deliveriesByRequest());
      assertEquals(3, server.distinctRequests());
      assertEquals(2, server.maxDeliveriesOfOneRequest());
      assertEquals(4, server.requestCount());
    }
  }

  @Test
  void faultsAndInjected429sCountAsDeliveries() throws Exception {
    String a = body("What is 2 + 3?");
    for (SimulatedLlmConfig config :
        new SimulatedLlmConfig[] {
          SimulatedLlmConfig.builder().rateLimitRate(1.0).build(),
          SimulatedLlmConfig.builder().failureRate(1.0).build(),
          SimulatedLlmConfig.builder().emptyContentRate(1.0).build(),
          SimulatedLlmConfig.builder().malformedRate(1.0).build()
        }) {
      try (SimulatedLlmServer server = SimulatedLlmServer.start(config)) {
        post(server, a);
        post(server, a);
        assertEquals(Map.of(key(a), 2), server.deliveriesByRequest(), config.toString());
      }
    }
    try (SimulatedLlmServer server =
        SimulatedLlmServer.start(SimulatedLlmConfig.builder().resetRate(1.0).build())) {
      assertThrows(IOException.class, () -> post(server, a));
      assertEquals(Map.of(key(a), 1), server.deliveriesByRequest());
    }
  }

  @Test
  void requestsRefusedBeforeTheirBodyIsReadAreNotDeliveries() throws Exception {
    String a = body("What is 2 + 3?");
    try (SimulatedLlmServer server =
        SimulatedLlmServer.start(SimulatedLlmConfig.builder().requireApiKey("sk-test").build())) {
      assertEquals(401, post(server, a).statusCode());
      assertEquals(0, server.distinctRequests());
      assertEquals(1, server.requestCount());
    }
  }
}
