package dev.distillery.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.distillery.store.FakeBlobStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Seeded samples follow vLLM's rule (choice j of a request with seed s is sampled with seed s+j),
 * so sample i is the same answer however it was obtained, and a top-up never repeats a sample.
 */
class CompletionBrokerSeedTest {
  private static final String ENDPOINT = "http://vllm:8000/v1";

  /**
   * An endpoint with vLLM's per-choice seeds, written from the rule alone: the answer is a function
   * of the seed each choice is sampled with (or of the request count when unseeded, like a real
   * endpoint whose unseeded samples are fresh each time). Records what it was sent.
   */
  private static final class VllmSeedRule implements ChatClient {
    final List<ChatRequest> sent = new ArrayList<>();

    @Override
    public synchronized ChatResponse complete(ChatRequest request) {
      sent.add(request);
      List<ChatChoice> choices = new ArrayList<>();
      for (int j = 0; j < request.n(); j++) {
        String answer =
            request.seed() == null
                ? "unseeded request " + sent.size() + " choice " + j
                : "seed " + (request.seed() + j);
        choices.add(new ChatChoice(j, "thinking", answer, "stop"));
      }
      return new ChatResponse(choices, 10, 20L * request.n(), 1, 1, Map.of());
    }
  }

  private static ChatRequest request(int n, Long seed) {
    return new ChatRequest("m", List.of(ChatMessage.user("What is 2+2?")), n, 1.0, 100, seed);
  }

  private static List<String> answers(CompletionBatch batch) {
    return batch.completions().stream().map(Completion::content).toList();
  }

  @Test
  void growingNWithASeedGivesTheAnswersOfOneRequest() throws Exception {
    VllmSeedRule oneShot = new VllmSeedRule();
    List<String> direct =
        answers(
            new CompletionBroker(new FakeBlobStore()).complete(ENDPOINT, request(4, 5L), oneShot));

    VllmSeedRule topUp = new VllmSeedRule();
    CompletionBroker broker = new CompletionBroker(new FakeBlobStore());
    List<String> first = answers(broker.complete(ENDPOINT, request(2, 5L), topUp));
    CompletionBatch grown = broker.complete(ENDPOINT, request(4, 5L), topUp);

    assertEquals(List.of("seed 5", "seed 6", "seed 7", "seed 8"), direct);
    assertEquals(direct, answers(grown), "n=2 then n=4 gives what one n=4 request gives");
    assertEquals(direct.subList(0, 2), first);
    assertEquals(4, new HashSet<>(answers(grown)).size(), "no sample repeats another");
    assertEquals(2, grown.reused());
    assertEquals(1, grown.requests());
    ChatRequest sent = topUp.sent.get(1);
    assertEquals(2, sent.n());
    assertEquals(7L, sent.seed(), "the top-up for samples 2-3 carries seed 5+2");
  }

  @Test
  void holesAreFilledByOneRequestPerRunOfMissingSamples() throws Exception {
    VllmSeedRule endpoint = new VllmSeedRule();
    CompletionBroker broker = new CompletionBroker(new FakeBlobStore());
    // Samples 0 and 2 of seed 10 exist: they are samples 0 of seeds 10 and 12.
    broker.complete(ENDPOINT, request(1, 10L), endpoint);
    broker.complete(ENDPOINT, request(1, 12L), endpoint);
    endpoint.sent.clear();

    CompletionBatch batch = broker.complete(ENDPOINT, request(6, 10L), endpoint);

    assertEquals(
        List.of("seed 10", "seed 11", "seed 12", "seed 13", "seed 14", "seed 15"), answers(batch));
    assertEquals(
        List.of(List.of(11L, 1), List.of(13L, 3)),
        endpoint.sent.stream().map(r -> List.of((Object) r.seed(), r.n())).toList());
    assertEquals(2, batch.requests());
    assertEquals(2, batch.reused());
    assertEquals(
        List.of(0, 1, 2, 3, 4, 5), batch.completions().stream().map(Completion::sample).toList());
  }

  @Test
  void overlappingSeedsShareTheSamplesTheEndpointWouldRepeat() throws Exception {
    VllmSeedRule endpoint = new VllmSeedRule();
    CompletionBroker broker = new CompletionBroker(new FakeBlobStore());
    broker.complete(ENDPOINT, request(4, 1L), endpoint);

    CompletionBatch next = broker.complete(ENDPOINT, request(4, 2L), endpoint);

    assertEquals(List.of("seed 2", "seed 3", "seed 4", "seed 5"), answers(next));
    assertEquals(3, next.reused(), "seeds 2-4 were already sampled as samples 1-3 of seed 1");
    assertEquals(5L, endpoint.sent.get(1).seed());
  }

  @Test
  void withoutASeedTheMissingSamplesGoInOneRequest() throws Exception {
    VllmSeedRule endpoint = new VllmSeedRule();
    CompletionBroker broker = new CompletionBroker(new FakeBlobStore());
    broker.complete(ENDPOINT, request(2, null), endpoint);
    CompletionBatch grown = broker.complete(ENDPOINT, request(5, null), endpoint);

    assertEquals(2, grown.reused());
    assertEquals(List.of(2, 3), endpoint.sent.stream().map(ChatRequest::n).toList());
    assertEquals(
        List.of(List.of(0, 1, 2)),
        CompletionBroker.requestsFor(request(5, null), List.of(0, 1, 2)).stream()
            .map(SampleRequest::samples)
            .toList());
  }

  @Test
  void theMissingSamplesAndStoredBatchResultsUseTheSameKeys() throws Exception {
    CompletionBroker broker = new CompletionBroker(new FakeBlobStore());
    ChatRequest eight = request(8, 100L);
    assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7), broker.missingSamples(ENDPOINT, eight));
    for (int sample : List.of(1, 2, 6)) {
      broker.put(
          ENDPOINT,
          eight,
          sample,
          new Completion(sample, "r", "seed " + (100 + sample), "stop", 1, 1, 0, false));
    }
    assertEquals(List.of(0, 3, 4, 5, 7), broker.missingSamples(ENDPOINT, eight));
    assertEquals(
        List.of(List.of(0), List.of(3, 4, 5), List.of(7)),
        CompletionBroker.requestsFor(eight, List.of(0, 3, 4, 5, 7)).stream()
            .map(SampleRequest::samples)
            .toList());
    assertEquals(
        List.of(100L, 103L, 107L),
        CompletionBroker.requestsFor(eight, List.of(0, 3, 4, 5, 7)).stream()
            .map(r -> r.request().seed())
            .toList());
    // Sample 6 of seed 100 is sample 0 of seed 106.
    assertEquals(List.of(), broker.missingSamples(ENDPOINT, request(1, 106L)));
  }

  @Test
  void aSeedWithoutRoomForItsSamplesIsRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> CompletionBroker.keys(ENDPOINT, request(2, Long.MAX_VALUE)));
  }
}
