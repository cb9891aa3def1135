package dev.distillery.llm.simulated;

import static dev.distillery.llm.simulated.SimulatedHttp.MAPPER;
import static dev.distillery.llm.simulated.SimulatedHttp.chatBody;
import static dev.distillery.llm.simulated.SimulatedHttp.choices;
import static dev.distillery.llm.simulated.SimulatedHttp.complete;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.arithmetic.ArithmeticProblems;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Seeds as vLLM's v1 engine gives them to parallel samples: choice j of (seed s, n) is choice 0 of
 * (seed s + j, n = 1).
 */
class SimulatedSeedsTest {

  /** At accuracy 0, seeds 5..8 give this question four different wrong answers. */
  private static final String QUESTION = ArithmeticProblems.generate(2025, 2, 30, 3).question();

  private static ObjectNode ask(String model, String question, long seed, int n) {
    return chatBody(model, question).put("seed", seed).put("n", n);
  }

  private static List<JsonNode> sample(
      SimulatedLlmServer server, String model, String question, long seed, int n) throws Exception {
    return choices(complete(server, ask(model, question, seed, n)));
  }

  @Test
  void choiceJOfSeedSIsChoiceZeroOfSeedSPlusJ() throws Exception {
    try (SimulatedLlmServer server =
        SimulatedLlmServer.start(SimulatedLlmConfig.builder().accuracy(0).build())) {
      String model = SimulatedLlmConfig.DEFAULT_MODEL;
      List<JsonNode> four = sample(server, model, QUESTION, 5, 4);

      List<JsonNode> twoAndTwo = new ArrayList<>(sample(server, model, QUESTION, 5, 2));
      twoAndTwo.addAll(sample(server, model, QUESTION, 7, 2));
      List<JsonNode> singles = new ArrayList<>();
      for (int j = 0; j < 4; j++) {
        singles.addAll(sample(server, model, QUESTION, 5 + j, 1));
      }

      assertEquals(4, four.size());
      for (int j = 0; j < 4; j++) {
        assertEquals(twoAndTwo.get(j), four.get(j), "choice " + j + " against (5, 2) + (7, 2)");
        assertEquals(singles.get(j), four.get(j), "choice " + j + " against seed " + (5 + j));
      }
      assertEquals(4, new HashSet<>(singles).size(), "pairwise distinct: " + singles);
    }
  }

  @Test
  void theFirstChoiceOfASeedIsTheCompletionItAlwaysWas() throws Exception {
    try (SimulatedLlmServer server =
        SimulatedLlmServer.start(SimulatedLlmConfig.builder().accuracy(0).build())) {
      String model = SimulatedLlmConfig.DEFAULT_MODEL;
      JsonNode alone = sample(server, model, QUESTION, 5, 1).get(0);

      // Recorded before seeds followed vLLM: stored completions hold exactly this.
      JsonNode message = alone.path("message");
      assertEquals("The answer is \\boxed{-390}.", message.path("content").asText());
      assertEquals(
          "Let me work through this step by step.\n17 * 24 = 408\n15 - 408 = -393\n"
              + "-393 + 2 = -390\nSo the answer is -390.",
          message.path("reasoning_content").asText());
      assertEquals("stop", alone.path("finish_reason").asText());
      assertEquals(alone, sample(server, model, QUESTION, 5, 3).get(0));
    }
  }

  @Test
  void everyModelServedFollowsTheSameRule() throws Exception {
    String writerPrompt = "Write one new, hard arithmetic question.";
    try (SimulatedLlmServer server = SimulatedLlmServer.start(SimulatedLlmConfig.defaults())) {
      for (String model :
          List.of(
              SimulatedLlmConfig.DEFAULT_MODEL,
              SimulatedRater.RATER,
              SimulatedRater.ASKLLM,
              SimulatedWriter.MODEL)) {
        String question = model.equals(SimulatedWriter.MODEL) ? writerPrompt : QUESTION;
        List<JsonNode> four = sample(server, model, question, 5, 4);
        for (int j = 0; j < 4; j++) {
          assertEquals(
              sample(server, model, question, 5 + j, 1).get(0), four.get(j), model + " " + j);
        }
      }
    }
  }

  @Test
  void theWriterGivesEachSeededChoiceItsOwnQuestion() throws Exception {
    try (SimulatedLlmServer server = SimulatedLlmServer.start(SimulatedLlmConfig.defaults())) {
      for (String prompt :
          List.of("Write one new, hard arithmetic question.", "Another question, please.")) {
        for (long seed : new long[] {0, 5, -3, Long.MAX_VALUE - 2, Integer.MAX_VALUE - 3}) {
          List<String> questions = new ArrayList<>();
          for (JsonNode choice : sample(server, SimulatedWriter.MODEL, prompt, seed, 6)) {
            String content = choice.path("message").path("content").asText();
            assertTrue(content.startsWith("Problem: "), content);
            questions.add(content);
          }
          assertEquals(6, new HashSet<>(questions).size(), "seed " + seed + ": " + questions);
          JsonNode alone = sample(server, SimulatedWriter.MODEL, prompt, seed + 5, 1).get(0);
          assertEquals(questions.get(5), alone.path("message").path("content").asText());
        }
      }
    }
  }

  @Test
  void batchAnswersFollowTheSameSeeds() throws Exception {
    SimulatedLlmConfig config =
        SimulatedLlmConfig.builder().accuracy(0).batchDuration(Duration.ofMillis(50)).build();
    try (SimulatedLlmServer server = SimulatedLlmServer.start(config)) {
      String model = SimulatedLlmConfig.DEFAULT_MODEL;
      StringBuilder input = new StringBuilder();
      for (int j = 0; j < 4; j++) {
        input.append(batchLine("single-" + j, ask(model, QUESTION, 5 + j, 1)));
      }
      input.append(batchLine("four", ask(model, QUESTION, 5, 4)));

      Map<String, List<JsonNode>> answers = runBatch(server, input.toString());

      List<JsonNode> four = answers.get("four");
      assertEquals(sample(server, model, QUESTION, 5, 4), four, "batch and online agree");
      for (int j = 0; j < 4; j++) {
        assertEquals(answers.get("single-" + j).get(0), four.get(j), "choice " + j);
      }
    }
  }

  private static String batchLine(String customId, JsonNode body) throws Exception {
    ObjectNode line =
        MAPPER
            .createObjectNode()
            .put("custom_id", customId)
            .put("method", "POST")
            .put("url", "/v1/chat/completions");
    line.set("body", body);
    return MAPPER.writeValueAsString(line) + "\n";
  }

  /** Uploads {@code jsonl}, runs it as a batch and returns each custom_id's choices. */
  private static Map<String, List<JsonNode>> runBatch(SimulatedLlmServer server, String jsonl)
      throws Exception {
    String boundary = "sim-seeds-test";
    ByteArrayOutputStream upload = new ByteArrayOutputStream();
    upload.writeBytes(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"in.jsonl\"\r\n"
                + "Content-Type: application/jsonl\r\n\r\n"
                + jsonl
                + "\r\n--"
                + boundary
                + "--\r\n")
            .getBytes(StandardCharsets.UTF_8));
    JsonNode file =
        call(
            HttpRequest.newBuilder(URI.create(server.baseUrl() + "/files"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(upload.toByteArray())));
    ObjectNode create =
        MAPPER
            .createObjectNode()
            .put("input_file_id", file.path("id").asText())
            .put("endpoint", "/v1/chat/completions")
            .put("completion_window", "24h");
    JsonNode batch =
        call(
            HttpRequest.newBuilder(URI.create(server.baseUrl() + "/batches"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(MAPPER.writeValueAsString(create))));
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!"completed".equals(batch.path("status").asText())) {
      assertTrue(System.nanoTime() < deadline, "batch not done: " + batch);
      Thread.sleep(20);
      batch =
          call(
              HttpRequest.newBuilder(
                      URI.create(server.baseUrl() + "/batches/" + batch.path("id").asText()))
                  .GET());
    }
    HttpResponse<String> output =
        SimulatedHttp.send(
            HttpRequest.newBuilder(
                    URI.create(
                        server.baseUrl()
                            + "/files/"
                            + batch.path("output_file_id").asText()
                            + "/content"))
                .GET()
                .build());
    Map<String, List<JsonNode>> answers = new HashMap<>();
    for (String line : output.body().split("\n")) {
      JsonNode result = MAPPER.readTree(line);
      JsonNode response = result.path("response");
      assertEquals(200, response.path("status_code").asInt(), line);
      answers.put(result.path("custom_id").asText(), choices(response.path("body")));
    }
    return answers;
  }

  private static JsonNode call(HttpRequest.Builder request) throws Exception {
    HttpResponse<String> response = SimulatedHttp.send(request.build());
    assertEquals(200, response.statusCode(), response.body());
    return MAPPER.readTree(response.body());
  }
}
