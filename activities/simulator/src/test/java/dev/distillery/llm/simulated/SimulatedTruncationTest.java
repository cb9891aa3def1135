package dev.distillery.llm.simulated;

import static dev.distillery.llm.simulated.SimulatedHttp.chatBody;
import static dev.distillery.llm.simulated.SimulatedHttp.complete;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.arithmetic.ArithmeticProblems;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code max_tokens} cuts a choice as vLLM with {@code --reasoning-parser} does. */
class SimulatedTruncationTest {

  private static final String QUESTION = ArithmeticProblems.generate(31, 4, 30, 3).question();

  private static ObjectNode ask(Integer maxTokens) {
    ObjectNode body = chatBody(SimulatedLlmConfig.DEFAULT_MODEL, QUESTION).put("seed", 1);
    return maxTokens == null ? body : body.put("max_tokens", maxTokens);
  }

  private static JsonNode firstChoice(SimulatedLlmServer server, Integer maxTokens)
      throws Exception {
    return complete(server, ask(maxTokens)).path("choices").path(0);
  }

  @Test
  void aCutInsideTheReasoningLeavesContentNull() throws Exception {
    for (String field :
        List.of(SimulatedLlmConfig.REASONING_CONTENT, SimulatedLlmConfig.REASONING)) {
      String otherField =
          field.equals(SimulatedLlmConfig.REASONING)
              ? SimulatedLlmConfig.REASONING_CONTENT
              : SimulatedLlmConfig.REASONING;
      try (SimulatedLlmServer server =
          SimulatedLlmServer.start(SimulatedLlmConfig.builder().reasoningField(field).build())) {
        JsonNode choice = firstChoice(server, 5);

        JsonNode message = choice.path("message");
        assertEquals("length", choice.path("finish_reason").asText(), field);
        assertTrue(message.has("content"), "content is present, as null: " + message);
        assertTrue(message.get("content").isNull(), "content must be JSON null: " + message);
        assertEquals("Let me work through this", message.path(field).asText(), field);
        assertFalse(message.has(otherField), message.toString());
        assertEquals(5, complete(server, ask(5)).path("usage").path("completion_tokens").asInt());
        // A cut choice is a success, not an injected empty one.
        assertEquals(2, server.completedCount(), field);
        assertEquals(0, server.emptyContentCount(), field);
        assertEquals(0, server.failedCount(), field);
      }
    }
  }

  @Test
  void aCutInsideTheAnswerLeavesTheCutAnswer() throws Exception {
    try (SimulatedLlmServer server =
        SimulatedLlmServer.start(
            SimulatedLlmConfig.builder().reasoningField(SimulatedLlmConfig.REASONING).build())) {
      JsonNode whole = firstChoice(server, null).path("message");
      String reasoning = whole.path("reasoning").asText();
      int reasoningWords = SimulatedTeacher.countWords(reasoning);

      JsonNode choice = firstChoice(server, reasoningWords + 2);

      assertEquals("length", choice.path("finish_reason").asText());
      assertEquals("The answer", choice.path("message").path("content").asText());
      assertEquals(reasoning, choice.path("message").path("reasoning").asText());
      assertEquals(2, server.completedCount());
      assertEquals(0, server.emptyContentCount());
    }
  }

  @Test
  void withThinkTagsACutReasoningIsAnUnclosedThinkBlock() throws Exception {
    try (SimulatedLlmServer server =
        SimulatedLlmServer.start(SimulatedLlmConfig.builder().thinkTags(true).build())) {
      JsonNode choice = firstChoice(server, 5);

      JsonNode message = choice.path("message");
      assertEquals("length", choice.path("finish_reason").asText());
      assertEquals("<think>\nLet me work through this", message.path("content").asText());
      assertFalse(message.has(SimulatedLlmConfig.REASONING_CONTENT), message.toString());
      assertEquals(0, server.emptyContentCount());
    }
  }

  @Test
  void theReasoningFieldIsOneOfTheTwoVllmNames() {
    assertEquals(
        SimulatedLlmConfig.REASONING_CONTENT, SimulatedLlmConfig.defaults().reasoningField());
    for (String name : new String[] {"thinking", "reasoning-content", ""}) {
      assertThrows(
          IllegalArgumentException.class,
          () -> SimulatedLlmConfig.builder().reasoningField(name).build(),
          name);
    }
    assertThrows(
        IllegalArgumentException.class,
        () -> SimulatedLlmConfig.builder().reasoningField(null).build());
  }
}
