package dev.distillery.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.distillery.store.FakeBlobStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Sample keys name stored completions: the fast key builder must never change them. */
class CompletionBrokerKeyTest {

  private static final ChatRequest PINNED =
      new ChatRequest(
          "teacher-model",
          List.of(
              ChatMessage.system("Think step by step."),
              ChatMessage.user("What is 12 \u00d7 7? Say \"84\"\n\tif sure \u2014 \u00e9\u0001")),
          2,
          0.7,
          1024,
          42L,
          0.95,
          List.of("</answer>", "\n\n"));

  /** Computed with the tree-and-sort builder before the fast one existed. */
  @Test
  void pinnedKeyPrefixIsUnchanged() {
    String expected =
        "{\"endpoint\":\"http://vllm:8000/v1\",\"maxTokens\":1024,\"messages\":["
            + "{\"content\":\"Think step by step.\",\"role\":\"system\"},"
            + "{\"content\":\"What is 12 \u00d7 7? Say \\\"84\\\"\\n\\tif sure \u2014 \u00e9\\u0001\","
            + "\"role\":\"user\"}],\"model\":\"teacher-model\",\"seed\":42,"
            + "\"stop\":[\"</answer>\",\"\\n\\n\"],\"temperature\":0.7,\"topP\":0.95}#sample=";
    assertEquals(expected, CompletionBroker.canonicalKeyPrefix("http://vllm:8000/v1", PINNED));
    assertEquals(expected, CompletionBroker.keyPrefix("http://vllm:8000/v1", PINNED));
  }

  @Test
  void pinnedStoragePathsAreUnchanged() throws Exception {
    FakeBlobStore stored = new FakeBlobStore();
    CompletionBroker broker = new CompletionBroker(stored);
    ChatClient client =
        request ->
            new ChatResponse(
                List.of(new ChatChoice(0, "r", "a", "stop"), new ChatChoice(1, "r", "b", "stop")),
                10,
                20,
                5,
                1,
                Map.of());
    broker.complete("http://vllm:8000/v1", PINNED, client);
    assertEquals(
        java.util.Set.of(PINNED_PATH_0, PINNED_PATH_1), java.util.Set.copyOf(stored.keys()));
  }

  /**
   * Sample 0 as the broker stored it before the fast key builder. Sample 1 of seed 42 is, since
   * seeds follow vLLM's per-choice rule, sample 0 of seed 43 (before, it was keyed as sample 1 of
   * seed 42, completions/8b/8b3f84fe...json, which top-ups filled with a repeat of sample 0).
   */
  private static final String PINNED_PATH_0 =
      "completions/dc/dc5d2290937d308fd384a58ac41e283c5411a88fc45d484a69ade4436af9394a.json";

  private static final String PINNED_PATH_1 =
      CompletionBroker.path(
          CompletionBroker.keys("http://vllm:8000/v1", PINNED.withN(1).withSeed(43L))[0]);

  @Test
  void unseededSamplesKeepTheirKeys() {
    ChatRequest unseeded = PINNED.withSeed(null);
    String prefix = CompletionBroker.keyPrefix("http://vllm:8000/v1", unseeded);
    String[] keys = CompletionBroker.keys("http://vllm:8000/v1", unseeded);
    for (int i = 0; i < keys.length; i++) {
      assertEquals(sha256(prefix + i), keys[i]);
    }
  }

  private static String sha256(String text) {
    try {
      return java.util.HexFormat.of()
          .formatHex(
              java.security.MessageDigest.getInstance("SHA-256")
                  .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void fastPrefixEqualsTheCanonicalOneForVariedRequests() {
    SplittableRandom random = new SplittableRandom(7);
    double[] numbers = {0, -0.0, 1, 1.0, 0.5, 0.50, 2, 1e-7, 1e20, 123456.789, 0.1 + 0.2, 1.5e300};
    String alphabet = "ab \"\\/\n\r\t\u0000\u001f\u007f\u00e9\u2028\ud83d\ude00<>&'";
    for (int i = 0; i < 2000; i++) {
      List<ChatMessage> messages = new ArrayList<>();
      for (int m = random.nextInt(4); m >= 0; m--) {
        messages.add(
            new ChatMessage(random.nextBoolean() ? "user" : "system", text(random, alphabet)));
      }
      List<String> stop = new ArrayList<>();
      for (int s = random.nextInt(3); s > 0; s--) {
        stop.add(text(random, alphabet));
      }
      ChatRequest request =
          new ChatRequest(
              text(random, alphabet),
              messages,
              1 + random.nextInt(4),
              random.nextBoolean() ? numbers[random.nextInt(numbers.length)] : random.nextDouble(),
              random.nextInt(100_000) - 5,
              random.nextBoolean() ? random.nextLong() : null,
              random.nextBoolean() ? numbers[random.nextInt(numbers.length)] : null,
              stop);
      String endpoint = text(random, alphabet);
      assertEquals(
          CompletionBroker.canonicalKeyPrefix(endpoint, request),
          CompletionBroker.keyPrefix(endpoint, request));
    }
  }

  @Test
  void nonFiniteTemperatureHasNoKey() {
    ChatRequest request =
        new ChatRequest("m", List.of(ChatMessage.user("q")), 1, Double.NaN, 1, null);
    assertThrows(IllegalArgumentException.class, () -> CompletionBroker.keyPrefix("e", request));
  }

  private static String text(SplittableRandom random, String alphabet) {
    StringBuilder out = new StringBuilder();
    for (int i = random.nextInt(12); i > 0; i--) {
      out.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return out.toString();
  }
}
