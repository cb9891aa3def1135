package dev.distillery.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.arithmetic.ArithmeticProblem;
import dev.distillery.arithmetic.ArithmeticProblems;
import dev.distillery.llm.simulated.JsonlBytes;
import dev.distillery.llm.simulated.SimulatedFineTunedModel;
import dev.distillery.llm.simulated.SimulatedLlmConfig;
import dev.distillery.llm.simulated.SimulatedLlmServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenAiFineTuneClientTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Pattern BOXED = Pattern.compile("\\\\boxed\\{([^}]*)\\}");
  private static final String BASE_MODEL = "simulated-student";

  private static SimulatedLlmConfig instantJobs() {
    return SimulatedLlmConfig.builder().fineTuneDuration(Duration.ZERO).build();
  }

  /**
   * A training file of {@code rows} arithmetic examples in OpenAI's chat format, the first {@code
   * right} of them answered right and the rest off by one.
   */
  private static byte[] trainingFile(long seed, int rows, int right) {
    StringBuilder jsonl = new StringBuilder();
    for (int i = 0; i < rows; i++) {
      ArithmeticProblem problem = ArithmeticProblems.generate(seed, i, 500, 3);
      long answer = Long.parseLong(problem.answer()) + (i < right ? 0 : 1);
      ObjectNode row = MAPPER.createObjectNode();
      var messages = row.putArray("messages");
      messages.addObject().put("role", "system").put("content", "Reason step by step.");
      messages.addObject().put("role", "user").put("content", problem.question());
      messages
          .addObject()
          .put("role", "assistant")
          .put("content", "<think>Working.</think> The answer is \\boxed{" + answer + "}.");
      jsonl.append(row).append('\n');
    }
    return jsonl.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static FineTuneJob await(OpenAiFineTuneClient client, String id) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    FineTuneJob job = client.retrieve(id);
    while (!job.terminal() && System.nanoTime() < deadline) {
      Thread.sleep(10);
      job = client.retrieve(id);
    }
    return job;
  }

  private static FineTuneJob train(OpenAiFineTuneClient client, byte[] jsonl, String suffix)
      throws Exception {
    String file = client.uploadTrainingFile(jsonl, suffix + ".jsonl");
    FineTuneJob job =
        await(
            client,
            client
                .create(new FineTuneRequest(BASE_MODEL, file, suffix, null, null, null, null))
                .id());
    assertTrue(job.succeeded(), job.toString());
    return job;
  }

  /** The share of {@code count} arithmetic questions {@code model} answers right. */
  private static double measure(SimulatedLlmServer server, String model, int count)
      throws Exception {
    return answers(server, model, count).stream().filter(Boolean::booleanValue).count()
        / (double) count;
  }

  private static List<Boolean> answers(SimulatedLlmServer server, String model, int count)
      throws Exception {
    List<Boolean> right = new ArrayList<>();
    try (OpenAiChatClient chat = new OpenAiChatClient(EndpointConfig.of(server.baseUrl()))) {
      for (int i = 0; i < count; i++) {
        ArithmeticProblem problem = ArithmeticProblems.generate(777, i, 1000, 3);
        ChatResponse response =
            chat.complete(
                new ChatRequest(
                    model, List.of(ChatMessage.user(problem.question())), 1, 0.7, 512, null));
        Matcher boxed = BOXED.matcher(response.choices().get(0).content());
        assertTrue(boxed.find(), response.choices().get(0).content());
        right.add(boxed.group(1).equals(problem.answer()));
      }
    }
    return right;
  }

  private static void assertWithinBinomialError(double expected, double measured, int samples) {
    double sigma = Math.sqrt(expected * (1 - expected) / samples);
    assertTrue(
        Math.abs(measured - expected) <= 4 * sigma + 1e-4,
        "measured " + measured + ", the rule says " + expected + " (sigma " + sigma + ")");
  }

  private static JsonNode getJson(SimulatedLlmServer server, String route) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + route)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
    return MAPPER.readTree(response.body());
  }

  @Test
  void aJobMovesThroughItsStatesToASimulatedFineTunedModel(@TempDir Path dir) throws Exception {
    Path jsonl = dir.resolve("train.jsonl");
    Files.write(jsonl, trainingFile(1, 40, 30));
    SimulatedLlmConfig config =
        instantJobs().toBuilder().fineTuneDuration(Duration.ofMillis(400)).build();
    try (SimulatedLlmServer server = SimulatedLlmServer.start(config);
        OpenAiFineTuneClient client =
            new OpenAiFineTuneClient(EndpointConfig.of(server.baseUrl()))) {
      String file = client.uploadTrainingFile(jsonl, "train.jsonl");
      FineTuneJob created =
          client.create(new FineTuneRequest(BASE_MODEL, file, "arm-a", 7L, 2, null, null));
      assertEquals("validating_files", created.status());
      assertEquals(BASE_MODEL, created.model());
      assertEquals(file, created.trainingFile());
      assertNull(created.fineTunedModel());
      assertFalse(created.terminal());
      JsonNode pending = getJson(server, "/fine_tuning/jobs/" + created.id());
      assertEquals(2, pending.path("hyperparameters").path("n_epochs").asInt());
      assertEquals("auto", pending.path("hyperparameters").path("batch_size").asText());
      assertEquals(
          "auto", pending.path("hyperparameters").path("learning_rate_multiplier").asText());
      assertEquals(7, pending.path("seed").asLong());

      List<String> seen = new ArrayList<>();
      FineTuneJob job = created;
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (!job.terminal() && System.nanoTime() < deadline) {
        if (!seen.contains(job.status())) {
          seen.add(job.status());
        }
        Thread.sleep(5);
        job = client.retrieve(created.id());
      }
      assertTrue(job.succeeded(), job.toString());
      assertTrue(seen.contains("running"), "statuses seen: " + seen);
      assertEquals(
          List.of("validating_files", "queued", "running"),
          seen.stream().filter(List.of("validating_files", "queued", "running")::contains).toList(),
          "in order: " + seen);
      String model = job.fineTunedModel();
      assertTrue(model.startsWith("ft:" + BASE_MODEL + ":arm-a:sim-acc-"), model);
      assertEquals(
          SimulatedFineTunedModel.accuracy(40, 30),
          SimulatedFineTunedModel.accuracyOf(model).orElseThrow(),
          1e-4);
      assertNull(job.errorMessage());
      assertTrue(
          job.trainedTokens() > 2 * 40 * 10, "two epochs of 40 rows: " + job.trainedTokens());
      JsonNode done = getJson(server, "/fine_tuning/jobs/" + job.id());
      assertEquals("fine_tuning.job", done.path("object").asText());
      assertEquals(SimulatedLlmServer.FINGERPRINT, done.path("organization_id").asText());
      assertTrue(job.id().startsWith("ftjob-sim"), job.id());
      assertTrue(done.path("finished_at").isIntegralNumber());
      assertTrue(done.path("hyperparameters").path("batch_size").isIntegralNumber());
      assertEquals(1, server.fineTuningJobsCreated());
    }
  }

  @Test
  void theModelIsRightAsOftenAsTheRuleSaysForItsTrainingData() throws Exception {
    int samples = 2000;
    try (SimulatedLlmServer server = SimulatedLlmServer.start(instantJobs());
        OpenAiFineTuneClient client =
            new OpenAiFineTuneClient(EndpointConfig.of(server.baseUrl()))) {
      String small = train(client, trainingFile(2, 30, 0), "small-wrong").fineTunedModel();
      String large = train(client, trainingFile(3, 600, 600), "large-right").fineTunedModel();

      double smallAccuracy = measure(server, small, samples);
      double largeAccuracy = measure(server, large, samples);
      assertWithinBinomialError(SimulatedFineTunedModel.accuracy(30, 0), smallAccuracy, samples);
      assertWithinBinomialError(SimulatedFineTunedModel.accuracy(600, 600), largeAccuracy, samples);
      assertTrue(largeAccuracy > smallAccuracy + 0.4, smallAccuracy + " vs " + largeAccuracy);
    }
  }

  @Test
  void multipleChoiceQuestionsGetTheModelsAccuracyToo() throws Exception {
    int samples = 600;
    try (SimulatedLlmServer server = SimulatedLlmServer.start(instantJobs());
        OpenAiFineTuneClient client =
            new OpenAiFineTuneClient(EndpointConfig.of(server.baseUrl()));
        OpenAiChatClient chat = new OpenAiChatClient(EndpointConfig.of(server.baseUrl()))) {
      String model = train(client, trainingFile(4, 200, 200), "mc").fineTunedModel();
      int right = 0;
      for (int i = 0; i < samples; i++) {
        ArithmeticProblem problem = ArithmeticProblems.generate(55, i, 1000, 2);
        long value = Long.parseLong(problem.answer());
        int correct = i % 4;
        StringBuilder question = new StringBuilder(problem.question()).append('\n');
        for (int c = 0; c < 4; c++) {
          long shown = c == correct ? value : value + 10 * (c + 1);
          question.append((char) ('A' + c)).append(") ").append(shown).append('\n');
        }
        String content =
            chat.complete(
                    new ChatRequest(
                        model, List.of(ChatMessage.user(question.toString())), 1, 0.7, 512, null))
                .choices()
                .get(0)
                .content();
        right += content.contains("\\boxed{" + (char) ('A' + correct) + "}") ? 1 : 0;
      }
      assertWithinBinomialError(
          SimulatedFineTunedModel.accuracy(200, 200), right / (double) samples, samples);
    }
  }

  @Test
  void aRestartedSimulatorServesAnEarlierInstancesModelAlike() throws Exception {
    String model;
    List<Boolean> before;
    try (SimulatedLlmServer first = SimulatedLlmServer.start(instantJobs());
        OpenAiFineTuneClient client =
            new OpenAiFineTuneClient(EndpointConfig.of(first.baseUrl()))) {
      model = train(client, trainingFile(5, 300, 240), "restart").fineTunedModel();
      before = answers(first, model, 300);
    }
    try (SimulatedLlmServer second = SimulatedLlmServer.start(instantJobs())) {
      assertEquals(before, answers(second, model, 300));
      double accuracy = before.stream().filter(Boolean::booleanValue).count() / 300.0;
      assertWithinBinomialError(SimulatedFineTunedModel.accuracy(300, 240), accuracy, 300);
    }
  }

  @Test
  void aCancelledJobEndsWithoutAModel() throws Exception {
    SimulatedLlmConfig config =
        instantJobs().toBuilder().fineTuneDuration(Duration.ofSeconds(30)).build();
    try (SimulatedLlmServer server = SimulatedLlmServer.start(config);
        OpenAiFineTuneClient client =
            new OpenAiFineTuneClient(EndpointConfig.of(server.baseUrl()))) {
      String file = client.uploadTrainingFile(trainingFile(6, 20, 20), "t.jsonl");
      FineTuneJob job = client.create(FineTuneRequest.of(BASE_MODEL, file));

      FineTuneJob cancelled = client.cancel(job.id());
      assertEquals("cancelled", cancelled.status());
      assertTrue(cancelled.terminal());
      assertFalse(cancelled.succeeded());
      assertEquals("cancelled", client.retrieve(job.id()).status());
      assertNull(client.retrieve(job.id()).fineTunedModel());
      assertEquals("Fine-tuning job cancelled", client.events(job.id(), 1).get(0));
      LlmException again = assertThrows(LlmException.class, () -> client.cancel(job.id()));
      assertEquals(400, again.status());
      assertFalse(again.retryable());
      assertTrue(again.getMessage().contains("cannot be cancelled"), again.getMessage());
    }
  }

  @Test
  void aMalformedTrainingFileFailsTheJobWithOpenAisError() throws Exception {
    byte[] jsonl =
        JsonlBytes.of(
            "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},"
                + "{\"role\":\"assistant\",\"content\":\"hello\"}]}",
            "{\"prompt\":\"old format\",\"completion\":\"x\"}");
    try (SimulatedLlmServer server = SimulatedLlmServer.start(instantJobs());
        OpenAiFineTuneClient client =
            new OpenAiFineTuneClient(EndpointConfig.of(server.baseUrl()))) {
      FineTuneJob job =
          await(
              client,
              client
                  .create(
                      FineTuneRequest.of(BASE_MODEL, client.uploadTrainingFile(jsonl, "b.jsonl")))
                  .id());

      assertEquals("failed", job.status());
      assertTrue(job.terminal());
      assertNull(job.fineTunedModel());
      assertTrue(job.errorMessage().contains("invalid training file"), job.errorMessage());
      assertTrue(job.errorMessage().contains("Line 2"), job.errorMessage());
      assertTrue(
          job.errorMessage().endsWith("(code invalid_training_file, param training_file)"),
          job.errorMessage());
      JsonNode error = getJson(server, "/fine_tuning/jobs/" + job.id()).path("error");
      assertEquals("invalid_training_file", error.path("code").asText());
      assertEquals("training_file", error.path("param").asText());
      assertEquals(job.errorMessage().split(" \\(code")[0], error.path("message").asText());
    }
  }

  @Test
  void anUnknownJobIsNotFoundOnEveryJobRoute() throws Exception {
    try (SimulatedLlmServer server = SimulatedLlmServer.start(instantJobs());
        OpenAiFineTuneClient client =
            new OpenAiFineTuneClient(EndpointConfig.of(server.baseUrl()))) {
      List<LlmException> failures =
          List.of(
              assertThrows(LlmException.class, () -> client.retrieve("ftjob-lost")),
              assertThrows(LlmException.class, () -> client.cancel("ftjob-lost")),
              assertThrows(LlmException.class, () -> client.events("ftjob-lost", 5)));
      for (LlmException e : failures) {
        FineTuneJobNotFoundException notFound =
            assertInstanceOf(FineTuneJobNotFoundException.class, e);
        assertEquals("ftjob-lost", notFound.jobId());
        assertEquals(404, e.status());
        assertFalse(e.retryable());
        assertTrue(e.getMessage().contains("create the job again"), e.getMessage());
        assertTrue(e.getMessage().contains(server.baseUrl().toString()), e.getMessage());
      }
    }
  }

  @Test
  void eventsComeNewestFirst() throws Exception {
    try (SimulatedLlmServer server = SimulatedLlmServer.start(instantJobs());
        OpenAiFineTuneClient client =
            new OpenAiFineTuneClient(EndpointConfig.of(server.baseUrl()))) {
      FineTuneJob job = train(client, trainingFile(8, 50, 50), "events");

      List<String> events = client.events(job.id(), 100);
      assertEquals("The job has successfully completed", events.get(0));
      assertEquals("New fine-tuned model created: " + job.fineTunedModel(), events.get(1));
      assertTrue(
          events.get(events.size() - 1).startsWith("Created fine-tuning job: "), events.toString());
      List<Integer> steps = new ArrayList<>();
      for (String event : events) {
        Matcher step =
            Pattern.compile("Step (\\d+)/(\\d+): training loss=\\d+\\.\\d+").matcher(event);
        if (step.matches()) {
          steps.add(Integer.parseInt(step.group(1)));
        }
      }
      assertTrue(steps.size() >= 2, events.toString());
      for (int i = 1; i < steps.size(); i++) {
        assertTrue(steps.get(i) < steps.get(i - 1), "newest first: " + steps);
      }
      assertEquals(events.subList(0, 3), client.events(job.id(), 3));
    }
  }

  @Test
  void aRejectedRequestSaysWhatTheEndpointSaid() throws Exception {
    try (SimulatedLlmServer server = SimulatedLlmServer.start(instantJobs());
        OpenAiFineTuneClient client =
            new OpenAiFineTuneClient(EndpointConfig.of(server.baseUrl()))) {
      LlmException e =
          assertThrows(
              LlmException.class,
              () -> client.create(FineTuneRequest.of(BASE_MODEL, "file-does-not-exist")));

      assertEquals(400, e.status());
      assertFalse(e.retryable());
      assertFalse(e instanceof FineTuneJobNotFoundException);
      assertEquals(
          "Fine-tuning API request POST /fine_tuning/jobs to "
              + server.baseUrl()
              + " failed with HTTP 400 (not retryable). The endpoint says: \"Invalid file id:"
              + " 'file-does-not-exist' does not exist.\" (code invalid_request_error, param"
              + " training_file).",
          e.getMessage());
    }
  }

  @Test
  void everyRouteSendsTheKeyAndNoMessageShowsIt() throws Exception {
    String key = "sk-finetune-secret";
    try (SimulatedLlmServer server =
            SimulatedLlmServer.start(instantJobs().toBuilder().requireApiKey(key).build());
        OpenAiFineTuneClient keyed =
            new OpenAiFineTuneClient(EndpointConfig.of(server.baseUrl()).withApiKey(key));
        OpenAiFineTuneClient wrong =
            new OpenAiFineTuneClient(EndpointConfig.of(server.baseUrl()).withApiKey(key + "-x"))) {
      FineTuneJob job = train(keyed, trainingFile(9, 10, 10), "keyed");
      assertEquals(1, keyed.events(job.id(), 1).size());
      for (LlmException e :
          List.of(
              assertThrows(LlmException.class, () -> wrong.uploadTrainingFile(new byte[1], "x")),
              assertThrows(LlmException.class, () -> wrong.retrieve(job.id())),
              assertThrows(LlmException.class, () -> wrong.events(job.id(), 1)))) {
        assertEquals(401, e.status());
        assertFalse(e.retryable());
        assertFalse(e.getMessage().contains(key), e.getMessage());
      }
    }
  }
}
