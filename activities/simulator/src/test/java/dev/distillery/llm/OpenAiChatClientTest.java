package dev.distillery.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.arithmetic.ArithmeticProblem;
import dev.distillery.arithmetic.ArithmeticProblems;
import dev.distillery.llm.simulated.SimulatedLlmConfig;
import dev.distillery.llm.simulated.SimulatedLlmServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OpenAiChatClientTest {

  private static final String MODEL = SimulatedLlmConfig.DEFAULT_MODEL;
  private static final ArithmeticProblem PROBLEM = ArithmeticProblems.generate(1, 0, 20, 3);
  private static final String VALID_BODY =
      "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"42\","
          + "\"reasoning_content\":\"think\"},\"finish_reason\":\"stop\"}],"
          + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2}}";

  private static EndpointConfig fastConfig(URI baseUrl) {
    return EndpointConfig.of(baseUrl)
        .withMaxRetries(10)
        .withBackoffBase(Duration.ofMillis(1))
        .withRequestTimeout(Duration.ofSeconds(5));
  }

  private static ChatRequest request(int n, int maxTokens) {
    return new ChatRequest(
        MODEL,
        List.of(ChatMessage.system("You are careful."), ChatMessage.user(PROBLEM.question())),
        n,
        0.7,
        maxTokens,
        7L);
  }

  @Test
  void returnsNChoicesWithReasoningAndContent() throws Exception {
    try (SimulatedLlmServer server = SimulatedLlmServer.start(SimulatedLlmConfig.defaults());
        OpenAiChatClient client = new OpenAiChatClient(fastConfig(server.baseUrl()))) {
      ChatResponse response = client.complete(request(4, 1000));

      assertEquals(4, response.choices().size());
      for (int i = 0; i < 4; i++) {
        ChatChoice choice = response.choices().get(i);
        assertEquals(i, choice.index());
        assertTrue(choice.reasoning().startsWith("Let me work through this step by step."));
        assertTrue(
            choice.content().matches("The answer is \\\\boxed\\{-?\\d+\\}\\."), choice.content());
        assertEquals("stop", choice.finishReason());
        assertFalse(choice.truncated());
      }
      assertEquals(1, response.attempts());
      assertTrue(response.promptTokens() > 0);
      assertTrue(response.completionTokens() > 0);
      assertEquals(1, server.requestCount());
      assertEquals(1, server.completedCount());
      assertEquals(4, server.choicesServed());
    }
  }

  @Test
  void splitsThinkTagsOutOfContent() throws Exception {
    SimulatedLlmConfig config = SimulatedLlmConfig.builder().thinkTags(true).build();
    try (SimulatedLlmServer server = SimulatedLlmServer.start(config);
        OpenAiChatClient client = new OpenAiChatClient(fastConfig(server.baseUrl()))) {
      ChatChoice choice = client.complete(request(1, 1000)).choices().get(0);

      assertTrue(choice.reasoning().startsWith("Let me work through this step by step."));
      assertFalse(choice.reasoning().contains("think>"));
      assertTrue(choice.content().startsWith("The answer is \\boxed{"), choice.content());
      assertFalse(choice.content().contains("think>"));
    }
  }

  @Test
  void thinkTagVariants() {
    assertEquals(
        new ChatChoice(0, "a b", "answer", "stop"),
        OpenAiJson.toChoice(0, null, "<think>\n a b \n</think>\n\nanswer", "stop"));
    assertEquals(
        new ChatChoice(0, "a b", "answer", "stop"),
        OpenAiJson.toChoice(0, null, " a b </think> answer", "stop"));
    assertEquals(
        new ChatChoice(0, "cut off", "", "length"),
        OpenAiJson.toChoice(0, null, "<think>cut off", "length"));
    assertEquals(
        new ChatChoice(0, "", "plain", "stop"), OpenAiJson.toChoice(0, null, " plain ", "stop"));
    assertEquals(
        new ChatChoice(0, "separate", "<think>kept</think> x", "stop"),
        OpenAiJson.toChoice(0, "separate", "<think>kept</think> x", "stop"));
  }

  @Test
  void retriesThroughInjectedServerErrors() throws Exception {
    SimulatedLlmConfig config = SimulatedLlmConfig.builder().failureRate(0.5).faultSeed(3).build();
    try (SimulatedLlmServer server = SimulatedLlmServer.start(config);
        OpenAiChatClient client = new OpenAiChatClient(fastConfig(server.baseUrl()))) {
      int attempts = 0;
      int maxAttempts = 0;
      for (int i = 0; i < 10; i++) {
        ChatResponse response = client.complete(request(2, 1000));
        assertEquals(2, response.choices().size());
        attempts += response.attempts();
        maxAttempts = Math.max(maxAttempts, response.attempts());
      }
      assertTrue(maxAttempts > 1, "some request should have needed a retry");
      assertEquals(attempts, server.requestCount());
      assertEquals(10, server.completedCount());
      assertEquals(attempts - 10, server.failedCount());
      assertEquals(20, server.choicesServed());
    }
  }

  @Test
  void retriesRateLimitsHonouringRetryAfter() throws Exception {
    SimulatedLlmConfig config =
        SimulatedLlmConfig.builder().rateLimitRate(0.5).faultSeed(11).build();
    try (SimulatedLlmServer server = SimulatedLlmServer.start(config);
        OpenAiChatClient client = new OpenAiChatClient(fastConfig(server.baseUrl()))) {
      int attempts = 0;
      long started = System.nanoTime();
      for (int i = 0; i < 3; i++) {
        attempts += client.complete(request(1, 1000)).attempts();
      }
      long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

      assertTrue(attempts > 3, "some request should have been rate limited");
      assertEquals(attempts - 3, server.failedCount());
      assertEquals(3, server.completedCount());
      // Each 429 says Retry-After: 1, which outweighs the 1 ms backoff.
      assertTrue(elapsedMillis >= (attempts - 3) * 900L, "waited only " + elapsedMillis + " ms");
    }
  }

  /**
   * A 503 whose Retry-After is an HTTP date (as proxies and load balancers send it) is waited out
   * like a 429's seconds, by the shared retry policy.
   */
  @Test
  void a503WithAnHttpDateRetryAfterIsWaitedOut() throws Exception {
    long[] dateMillis = new long[1];
    try (FakeChatEndpoint endpoint =
            FakeChatEndpoint.replying(
                request -> {
                  if (request.index() > 0) {
                    return FakeChatEndpoint.Reply.ok(VALID_BODY);
                  }
                  java.time.ZonedDateTime in2s =
                      java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(2);
                  dateMillis[0] = in2s.withNano(0).toInstant().toEpochMilli();
                  return new FakeChatEndpoint.Reply(
                      503,
                      Map.of(
                          "Retry-After",
                          java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(in2s)),
                      "{\"error\":{\"message\":\"overloaded\"}}");
                });
        OpenAiChatClient client = new OpenAiChatClient(fastConfig(endpoint.baseUrl()))) {
      ChatResponse response = client.complete(request(1, 100));
      long answeredAt = System.currentTimeMillis();

      assertEquals(2, response.attempts());
      assertEquals(Map.of("http_503", 1), response.errors());
      // The retry went out no earlier than the date (whole seconds), not after the 1 ms backoff.
      assertTrue(
          answeredAt >= dateMillis[0], "retried " + (dateMillis[0] - answeredAt) + " ms early");
    }
  }

  /** OpenAI's 429 for an account out of credits is not a rate limit: waiting does not help. */
  @Test
  void anInsufficientQuota429FailsAtOnce() throws Exception {
    try (FakeChatEndpoint endpoint =
            FakeChatEndpoint.replying(
                request ->
                    FakeChatEndpoint.Reply.tooManyRequests(
                        "1",
                        "{\"error\":{\"message\":\"You exceeded your current quota\","
                            + "\"type\":\"insufficient_quota\",\"code\":\"insufficient_quota\"}}"));
        OpenAiChatClient client = new OpenAiChatClient(fastConfig(endpoint.baseUrl()))) {
      LlmException e = assertThrows(LlmException.class, () -> client.complete(request(1, 100)));

      assertFalse(e.retryable());
      assertEquals(429, e.status());
      assertEquals(1, endpoint.requestCount());
      assertTrue(e.getMessage().contains("no quota left"), e.getMessage());
    }
  }

  @Test
  void rejectedApiKeyFailsAtOnceWithoutLeakingTheKey() throws Exception {
    String required = "sk-required-5b1e";
    String wrong = "sk-wrong-9c3d";
    SimulatedLlmConfig config = SimulatedLlmConfig.builder().requireApiKey(required).build();
    try (SimulatedLlmServer server = SimulatedLlmServer.start(config);
        OpenAiChatClient client =
            new OpenAiChatClient(fastConfig(server.baseUrl()).withApiKey(wrong))) {
      LlmException e = assertThrows(LlmException.class, () -> client.complete(request(1, 100)));

      assertFalse(e.retryable());
      assertEquals(401, e.status());
      assertEquals(1, server.requestCount(), "a 401 must not be retried");
      String message = e.getMessage();
      assertTrue(message.contains(server.baseUrl() + "/chat/completions"), message);
      assertTrue(message.contains(MODEL), message);
      assertTrue(message.contains("401"), message);
      assertTrue(message.contains("API key"), message);
      assertFalse(message.contains(wrong), message);
      assertFalse(message.contains(required), message);
      assertFalse(client.config().toString().contains(wrong));
    }
  }

  @Test
  void correctApiKeyIsAccepted() throws Exception {
    SimulatedLlmConfig config = SimulatedLlmConfig.builder().requireApiKey("sk-ok").build();
    try (SimulatedLlmServer server = SimulatedLlmServer.start(config);
        OpenAiChatClient client =
            new OpenAiChatClient(fastConfig(server.baseUrl()).withApiKey("sk-ok"))) {
      assertEquals(1, client.complete(request(1, 100)).choices().size());
    }
  }

  @Test
  void unknownModelFailsAtOnceNamingBaseUrlAndModel() throws Exception {
    try (SimulatedLlmServer server = SimulatedLlmServer.start(SimulatedLlmConfig.defaults());
        OpenAiChatClient client = new OpenAiChatClient(fastConfig(server.baseUrl()))) {
      ChatRequest request =
          new ChatRequest("no-such-model", List.of(ChatMessage.user("hi")), 1, 0, 10, null);
      LlmException e = assertThrows(LlmException.class, () -> client.complete(request));

      assertFalse(e.retryable());
      assertEquals(404, e.status());
      assertTrue(e.getMessage().contains("no-such-model"), e.getMessage());
      assertTrue(e.getMessage().contains("base_url"), e.getMessage());
      assertEquals(1, server.requestCount());
    }
  }

  @Test
  void maxTokensTruncationReportsLength() throws Exception {
    try (SimulatedLlmServer server = SimulatedLlmServer.start(SimulatedLlmConfig.defaults());
        OpenAiChatClient client = new OpenAiChatClient(fastConfig(server.baseUrl()))) {
      ChatResponse response = client.complete(request(3, 5));

      for (ChatChoice choice : response.choices()) {
        assertEquals("length", choice.finishReason());
        assertTrue(choice.truncated());
        assertEquals("Let me work through this", choice.reasoning());
        assertEquals("", choice.content());
      }
      assertEquals(15, response.completionTokens());
    }
  }

  @Test
  void respectsTheConcurrencyLimit() throws Exception {
    SimulatedLlmConfig config =
        SimulatedLlmConfig.builder().latency(Duration.ofMillis(100)).build();
    ExecutorService callers = Executors.newFixedThreadPool(12);
    try (SimulatedLlmServer server = SimulatedLlmServer.start(config);
        OpenAiChatClient client =
            new OpenAiChatClient(fastConfig(server.baseUrl()).withConcurrency(3))) {
      List<Future<ChatResponse>> futures = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        futures.add(callers.submit(() -> client.complete(request(1, 1000))));
      }
      for (Future<ChatResponse> future : futures) {
        assertEquals(1, future.get().attempts());
      }
      assertEquals(12, server.completedCount());
      assertTrue(server.maxConcurrent() <= 3, "saw " + server.maxConcurrent());
      assertTrue(server.maxConcurrent() >= 2, "saw " + server.maxConcurrent());
    } finally {
      callers.shutdownNow();
    }
  }

  @Test
  void retriesMalformedBodies() throws Exception {
    String fewerChoices = VALID_BODY; // One choice where two are asked for.
    String twoChoices =
        "{\"choices\":[{\"index\":1,\"message\":{\"content\":\"<think>b</think>B\"},"
            + "\"finish_reason\":\"stop\"},{\"index\":0,\"message\":{\"content\":\"A\","
            + "\"reasoning_content\":\"a\"},\"finish_reason\":\"stop\"}]}";
    List<String> bodies =
        List.of(
            "<html>502 from a proxy, with status 200</html>",
            "",
            "{\"object\":\"chat.completion\"}",
            "{\"choices\":[{\"index\":0,\"message\":{\"content\":\"A\"}},{\"index\":1}]}",
            fewerChoices,
            twoChoices);
    try (FakeChatEndpoint endpoint = new FakeChatEndpoint(bodies);
        OpenAiChatClient client = new OpenAiChatClient(fastConfig(endpoint.baseUrl()))) {
      ChatResponse response = client.complete(request(2, 100));

      assertEquals(6, response.attempts());
      assertEquals(6, endpoint.requestCount());
      assertEquals(
          List.of(new ChatChoice(0, "a", "A", "stop"), new ChatChoice(1, "b", "B", "stop")),
          response.choices());
      assertEquals(0, response.promptTokens(), "usage absent means 0");
    }
  }

  /**
   * vLLM with a reasoning parser, when max_tokens ends inside the reasoning: 200, content null, the
   * trace under reasoning_content (or reasoning from vLLM 0.11 on), finish_reason length. That is a
   * paid answer: one delivery, no retry.
   */
  @Test
  void truncationInsideTheReasoningIsAnAnswerNotARetry() throws Exception {
    for (String field : List.of("reasoning_content", "reasoning")) {
      String body =
          "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null,\""
              + field
              + "\":\"Let me think about 2+2\"},\"finish_reason\":\"length\"},"
              + "{\"index\":1,\"message\":{\"role\":\"assistant\",\""
              + field
              + "\":\"First, 2+2\"},\"finish_reason\":\"length\"}],"
              + "\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":20}}";
      try (FakeChatEndpoint endpoint = new FakeChatEndpoint(List.of(body));
          OpenAiChatClient client = new OpenAiChatClient(fastConfig(endpoint.baseUrl()))) {
        ChatResponse response = client.complete(request(2, 10));

        assertEquals(1, endpoint.requestCount(), field);
        assertEquals(1, response.attempts());
        assertEquals(
            List.of(
                new ChatChoice(0, "Let me think about 2+2", "", "length"),
                new ChatChoice(1, "First, 2+2", "", "length")),
            response.choices());
        assertTrue(response.choices().get(0).truncated());
        assertEquals(20, response.completionTokens());
      }
    }
  }

  @Test
  void anEmptyStopIsRetriedAndNamedEmptyNotMalformed() throws Exception {
    String empty =
        "{\"choices\":[{\"index\":0,\"message\":{\"content\":\"\"},\"finish_reason\":\"stop\"}]}";
    String cutInContent =
        "{\"choices\":[{\"index\":0,\"message\":{\"content\":\"\",\"reasoning\":\"r\"},"
            + "\"finish_reason\":\"length\"}]}";
    try (FakeChatEndpoint endpoint = new FakeChatEndpoint(List.of(empty, cutInContent));
        OpenAiChatClient client = new OpenAiChatClient(fastConfig(endpoint.baseUrl()))) {
      ChatResponse response = client.complete(request(1, 10));

      assertEquals(2, endpoint.requestCount());
      assertEquals(java.util.Map.of("empty", 1), response.errors());
      assertEquals(List.of(new ChatChoice(0, "r", "", "length")), response.choices());
    }
    try (FakeChatEndpoint endpoint = new FakeChatEndpoint(List.of(empty));
        OpenAiChatClient client =
            new OpenAiChatClient(fastConfig(endpoint.baseUrl()).withMaxRetries(1))) {
      LlmException e = assertThrows(LlmException.class, () -> client.complete(request(1, 10)));
      assertTrue(e.getMessage().contains("empty completion"), e.getMessage());
      assertFalse(e.getMessage().contains("malformed"), e.getMessage());
    }
  }

  private static final Map<String, String> PLENTY_LEFT =
      Map.of(
          "Retry-After", "3",
          "x-ratelimit-limit-requests", "10000",
          "x-ratelimit-remaining-requests", "9500",
          "x-ratelimit-reset-requests", "1s",
          "x-ratelimit-limit-tokens", "2000000",
          "x-ratelimit-remaining-tokens", "1900000",
          "x-ratelimit-reset-tokens", "1s");

  private static ChatRequest asking(String question) {
    return new ChatRequest(MODEL, List.of(ChatMessage.user(question)), 1, 0.7, 100, null);
  }

  /**
   * A gateway turns one request away with 429 + Retry-After while its headers show plenty of room:
   * that request alone waits; the others go on at once.
   */
  @Test
  void aTransient429PausesOnlyItsOwnRequest() throws Exception {
    List<String> arrivals = java.util.Collections.synchronizedList(new ArrayList<>());
    try (FakeChatEndpoint endpoint =
            FakeChatEndpoint.replying(
                request -> {
                  String which = request.body().contains("turned away") ? "turned away" : "other";
                  arrivals.add(which);
                  return which.equals("turned away") && request.index() == 0
                      ? new FakeChatEndpoint.Reply(429, PLENTY_LEFT, "{\"error\":{}}")
                      : FakeChatEndpoint.Reply.ok(VALID_BODY);
                });
        OpenAiChatClient client = new OpenAiChatClient(fastConfig(endpoint.baseUrl()))) {
      ExecutorService caller = Executors.newSingleThreadExecutor();
      try {
        Future<ChatResponse> turnedAway =
            caller.submit(() -> client.complete(asking("turned away")));
        while (endpoint.requestCount() == 0) {
          Thread.sleep(5);
        }
        long start = System.nanoTime();
        for (int i = 0; i < 6; i++) {
          client.complete(asking("other " + i));
        }
        double seconds = (System.nanoTime() - start) / 1e9;

        assertTrue(seconds < 2, "the others did not wait for the 3 s Retry-After: " + seconds);
        assertEquals(2, turnedAway.get().attempts());
        assertEquals(
            List.of(
                "turned away", "other", "other", "other", "other", "other", "other", "turned away"),
            arrivals);
      } finally {
        caller.shutdownNow();
      }
    }
  }

  /** A 429 whose headers say no request is left pauses every request until the reset. */
  @Test
  void anExhaustedLimitPausesEveryRequest() throws Exception {
    Map<String, String> noneLeft =
        Map.of(
            "Retry-After", "1",
            "x-ratelimit-remaining-requests", "0",
            "x-ratelimit-reset-requests", "1s");
    List<Long> arrivals = java.util.Collections.synchronizedList(new ArrayList<>());
    try (FakeChatEndpoint endpoint =
            FakeChatEndpoint.replying(
                request -> {
                  arrivals.add(System.nanoTime());
                  return request.index() == 0
                      ? new FakeChatEndpoint.Reply(429, noneLeft, "{\"error\":{}}")
                      : FakeChatEndpoint.Reply.ok(VALID_BODY);
                });
        OpenAiChatClient client = new OpenAiChatClient(fastConfig(endpoint.baseUrl()))) {
      ExecutorService caller = Executors.newSingleThreadExecutor();
      try {
        Future<ChatResponse> first = caller.submit(() -> client.complete(asking("first")));
        while (endpoint.requestCount() == 0) {
          Thread.sleep(5);
        }
        Thread.sleep(50); // The 429 has been read.
        client.complete(asking("second"));
        first.get();

        double waited = (arrivals.get(1) - arrivals.get(0)) / 1e9;
        assertTrue(waited > 0.8, "the second request waited for the reset: " + waited);
      } finally {
        caller.shutdownNow();
      }
    }
  }

  @Test
  void givesUpAfterMaxRetriesNamingEndpointModelAndAttempts() throws Exception {
    try (FakeChatEndpoint endpoint = new FakeChatEndpoint(List.of("not json"));
        OpenAiChatClient client =
            new OpenAiChatClient(fastConfig(endpoint.baseUrl()).withMaxRetries(2))) {
      LlmException e = assertThrows(LlmException.class, () -> client.complete(request(1, 100)));

      assertTrue(e.retryable());
      assertEquals(3, endpoint.requestCount());
      String message = e.getMessage();
      assertTrue(message.contains(endpoint.baseUrl() + "/chat/completions"), message);
      assertTrue(message.contains(MODEL), message);
      assertTrue(message.contains("3 attempt(s)"), message);
      assertTrue(message.contains("malformed"), message);
    }
  }

  @Test
  void anEndpointThatIgnoresNGetsOneRequestPerSample() throws Exception {
    try (SimulatedLlmServer server =
            SimulatedLlmServer.start(SimulatedLlmConfig.builder().supportsN(false).build());
        OpenAiChatClient client = new OpenAiChatClient(fastConfig(server.baseUrl()))) {
      ChatResponse first = client.complete(request(3, 100));
      assertEquals(3, first.choices().size());
      assertEquals(List.of(0, 1, 2), first.choices().stream().map(ChatChoice::index).toList());
      assertEquals(
          5, server.requestCount(), "two single-choice answers reveal it, then 3 single requests");

      client.complete(request(3, 100));
      assertEquals(8, server.requestCount(), "afterwards no probe: 3 single requests");
    }
  }

  /** One request per sample carries seed s+i for sample i: the answers of one n-request. */
  @Test
  void fanningOutASeededRequestGivesTheSamplesOfOneRequest() throws Exception {
    try (SimulatedLlmServer withN = SimulatedLlmServer.start(SimulatedLlmConfig.defaults());
        SimulatedLlmServer withoutN =
            SimulatedLlmServer.start(SimulatedLlmConfig.builder().supportsN(false).build());
        OpenAiChatClient one = new OpenAiChatClient(fastConfig(withN.baseUrl()));
        OpenAiChatClient fanned = new OpenAiChatClient(fastConfig(withoutN.baseUrl()))) {
      ChatRequest four =
          new ChatRequest("simulated-writer", List.of(ChatMessage.user("q")), 4, 1.0, 100, 5L);
      fanned.complete(four); // Reveals that n is ignored.
      assertEquals(one.complete(four).choices(), fanned.complete(four).choices());
    }
  }

  @Test
  void aRealRequestLimitIsRidOutWithoutLosingARequest() throws Exception {
    // 600 requests/minute: a bucket of 10, refilled at 10/s; 40 requests at concurrency 8.
    try (SimulatedLlmServer server =
            SimulatedLlmServer.start(SimulatedLlmConfig.builder().requestsPerMinute(600).build());
        OpenAiChatClient client =
            new OpenAiChatClient(
                fastConfig(server.baseUrl()).withConcurrency(8).withMaxRetries(20),
                RateLimiter.unlimited())) {
      java.util.concurrent.ExecutorService pool =
          java.util.concurrent.Executors.newFixedThreadPool(8);
      List<java.util.concurrent.Future<ChatResponse>> futures = new java.util.ArrayList<>();
      for (int i = 0; i < 40; i++) {
        futures.add(pool.submit(() -> client.complete(request(1, 50))));
      }
      for (var future : futures) {
        assertEquals(1, future.get().choices().size());
      }
      pool.shutdown();
      assertEquals(40, server.completedCount());
      assertTrue(server.rateLimitedCount() > 0, "the limit was really reached");
    }
  }

  @Test
  void retriesRefusedConnections() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    URI baseUrl = URI.create("http://127.0.0.1:" + port + "/v1");
    try (OpenAiChatClient client = new OpenAiChatClient(fastConfig(baseUrl).withMaxRetries(1))) {
      LlmException e = assertThrows(LlmException.class, () -> client.complete(request(1, 100)));

      assertTrue(e.retryable());
      assertEquals(0, e.status());
      assertTrue(e.getMessage().contains("2 attempt(s)"), e.getMessage());
      assertTrue(e.getMessage().contains("cannot connect"), e.getMessage());
    }
  }

  @Test
  void retriesTimeouts() throws Exception {
    SimulatedLlmConfig config =
        SimulatedLlmConfig.builder().latency(Duration.ofMillis(600)).build();
    try (SimulatedLlmServer server = SimulatedLlmServer.start(config);
        OpenAiChatClient client =
            new OpenAiChatClient(
                fastConfig(server.baseUrl())
                    .withMaxRetries(1)
                    .withRequestTimeout(Duration.ofMillis(150)))) {
      LlmException e = assertThrows(LlmException.class, () -> client.complete(request(1, 100)));

      assertTrue(e.retryable());
      assertTrue(e.getMessage().contains("timed out"), e.getMessage());
      assertEquals(2, server.requestCount());
    }
  }

  /**
   * An endpoint that accepts connections and never answers: the request gives up after two
   * timed-out attempts, not after every retry max_retries allows (600 s x 7 by default).
   */
  @Test
  void anEndpointThatNeverAnswersIsTriedTwiceWhateverMaxRetriesAllows() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      AtomicInteger accepted = new AtomicInteger();
      List<Socket> held = new CopyOnWriteArrayList<>();
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  while (true) {
                    held.add(silent.accept()); // Read nothing, answer nothing.
                    accepted.incrementAndGet();
                  }
                } catch (IOException closed) {
                  // The test is over.
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      URI baseUrl = URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/v1");
      try (OpenAiChatClient client =
          new OpenAiChatClient(
              fastConfig(baseUrl).withMaxRetries(6).withRequestTimeout(Duration.ofMillis(300)))) {
        LlmException e = assertThrows(LlmException.class, () -> client.complete(request(1, 100)));

        assertTrue(e.retryable());
        assertTrue(e.getMessage().contains("timed out 2 times"), e.getMessage());
        assertTrue(e.getMessage().contains("raise timeout_seconds"), e.getMessage());
        assertEquals(2, accepted.get(), "connections opened, one per attempt");
      } finally {
        for (Socket s : held) {
          s.close();
        }
      }
    }
  }

  @Test
  void refusesRequestsAfterClose() throws Exception {
    OpenAiChatClient client = new OpenAiChatClient(EndpointConfig.of("http://127.0.0.1:9/v1"));
    client.close();
    assertThrows(IllegalStateException.class, () -> client.complete(request(1, 10)));
  }
}
