package dev.distillery.llm.simulated;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.distillery.arithmetic.ArithmeticProblem;
import dev.distillery.arithmetic.ArithmeticProblems;
import dev.distillery.llm.ChatChoice;
import dev.distillery.llm.ChatMessage;
import dev.distillery.llm.ChatRequest;
import dev.distillery.llm.ChatResponse;
import dev.distillery.llm.EndpointConfig;
import dev.distillery.llm.OpenAiChatClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SimulatedLlmServerTest {

  private static final Pattern BOXED = Pattern.compile("\\\\boxed\\{(-?\\d+)\\}");

  private static ChatRequest ask(String question, int n, Long seed) {
    return new ChatRequest(
        SimulatedLlmConfig.DEFAULT_MODEL, List.of(ChatMessage.user(question)), n, 1.0, 4096, seed);
  }

  private static OpenAiChatClient client(SimulatedLlmServer server) {
    return new OpenAiChatClient(
        EndpointConfig.of(server.baseUrl()).withBackoffBase(Duration.ofMillis(1)));
  }

  @Test
  void completionsAreDeterministicPerRequestAndChoiceIndex() throws Exception {
    SimulatedLlmConfig config = SimulatedLlmConfig.builder().accuracy(0.5).build();
    try (SimulatedLlmServer first = SimulatedLlmServer.start(config);
        SimulatedLlmServer second = SimulatedLlmServer.start(config);
        OpenAiChatClient firstClient = client(first);
        OpenAiChatClient secondClient = client(second)) {
      String question = ArithmeticProblems.generate(5, 1, 30, 4).question();
      ChatResponse a = firstClient.complete(ask(question, 16, 99L));
      ChatResponse b = firstClient.complete(ask(question, 16, 99L));
      ChatResponse c = secondClient.complete(ask(question, 16, 99L));
      ChatResponse otherSeed = firstClient.complete(ask(question, 16, 100L));

      assertEquals(a.choices(), b.choices());
      assertEquals(a.choices(), c.choices(), "a fresh server gives the same completions");
      assertEquals(a.completionTokens(), c.completionTokens());
      assertNotEquals(a.choices(), otherSeed.choices());
      long distinctAnswers = a.choices().stream().map(ChatChoice::content).distinct().count();
      assertTrue(distinctAnswers > 1, "choices should vary with their index at accuracy 0.5");
    }
  }

  @Test
  void accuracyIsNearTheConfiguredShare() throws Exception {
    try (SimulatedLlmServer server = SimulatedLlmServer.start(SimulatedLlmConfig.defaults());
        OpenAiChatClient client = client(server)) {
      int correct = 0;
      for (int index = 0; index < 200; index++) {
        ArithmeticProblem problem = ArithmeticProblems.generate(2024, index, 50, 3);
        ChatChoice choice = client.complete(ask(problem.question(), 1, null)).choices().get(0);
        Matcher matcher = BOXED.matcher(choice.content());
        assertTrue(matcher.find(), choice.content());
        String answer = matcher.group(1);
        assertTrue(choice.reasoning().endsWith("So the answer is " + answer + "."));
        if (answer.equals(problem.answer())) {
          correct++;
          for (String step : ArithmeticProblems.solutionSteps(problem.expression())) {
            assertTrue(choice.reasoning().contains(step), choice.reasoning());
          }
        } else {
          long off = Math.abs(Long.parseLong(answer) - Long.parseLong(problem.answer()));
          assertTrue(off >= 1 && off <= 3, "wrong answers are off by a little: " + off);
        }
      }
      assertTrue(correct >= 140 && correct <= 180, "correct: " + correct + "/200");
      assertEquals(200, server.completedCount());
    }
  }

  @Test
  void accuracyOneAndZeroAreExact() throws Exception {
    for (double accuracy : new double[] {0.0, 1.0}) {
      try (SimulatedLlmServer server =
              SimulatedLlmServer.start(SimulatedLlmConfig.builder().accuracy(accuracy).build());
          OpenAiChatClient client = client(server)) {
        ArithmeticProblem problem = ArithmeticProblems.generate(9, 0, 20, 2);
        for (ChatChoice choice : client.complete(ask(problem.question(), 8, 1L)).choices()) {
          boolean right = choice.content().contains("\\boxed{" + problem.answer() + "}");
          assertEquals(accuracy == 1.0, right, choice.content());
        }
      }
    }
  }

  @Test
  void answersOtherQuestionsGenerically() throws Exception {
    try (SimulatedLlmServer server = SimulatedLlmServer.start(SimulatedLlmConfig.defaults());
        OpenAiChatClient client = client(server)) {
      ChatChoice choice =
          client.complete(ask("What is the capital of France?", 1, null)).choices().get(0);
      assertTrue(choice.content().contains("arithmetic"), choice.content());
      assertTrue(!choice.reasoning().isEmpty());
      assertEquals("stop", choice.finishReason());
    }
  }

  @Test
  void speaksTheOpenAiWireFormat() throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    HttpClient http = HttpClient.newHttpClient();
    try (SimulatedLlmServer server =
        SimulatedLlmServer.start(SimulatedLlmConfig.builder().model("sim-7b").build())) {
      URI base = server.baseUrl();
      assertTrue(base.toString().matches("http://127\\.0\\.0\\.1:\\d+/v1"), base.toString());

      HttpResponse<String> models =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/models")).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, models.statusCode());
      assertEquals(
          "sim-7b", mapper.readTree(models.body()).path("data").get(0).path("id").asText());

      String body =
          "{\"model\":\"sim-7b\",\"n\":2,\"messages\":[{\"role\":\"user\",\"content\":"
              + mapper.writeValueAsString(ArithmeticProblems.generate(1, 1, 9, 2).question())
              + "}]}";
      HttpResponse<String> completion =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/chat/completions"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, completion.statusCode());
      JsonNode json = mapper.readTree(completion.body());
      assertEquals("chat.completion", json.path("object").asText());
      assertEquals("sim-7b", json.path("model").asText());
      assertEquals(SimulatedLlmServer.FINGERPRINT, json.path("system_fingerprint").asText());
      assertEquals(2, json.path("choices").size());
      assertEquals(1, json.path("choices").get(1).path("index").asInt());
      assertEquals("assistant", json.path("choices").get(0).path("message").path("role").asText());
      assertTrue(json.path("choices").get(0).path("message").has("reasoning_content"));
      JsonNode usage = json.path("usage");
      assertEquals(
          usage.path("prompt_tokens").asLong() + usage.path("completion_tokens").asLong(),
          usage.path("total_tokens").asLong());
      assertEquals(1, server.requestCount());
      assertEquals(2, server.choicesServed());
    }
  }

  @Test
  void tokenHelpersCountWhitespaceSeparatedWords() {
    assertEquals(0, SimulatedTeacher.countWords("  \n "));
    assertEquals(3, SimulatedTeacher.countWords(" a\nb  c "));
    assertEquals(" a\nb", SimulatedTeacher.firstWords(" a\nb  c ", 2));
    assertEquals("", SimulatedTeacher.firstWords("a b", 0));
    assertEquals("a b", SimulatedTeacher.firstWords("a b", 5));
  }
}
