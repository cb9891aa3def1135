package dev.distillery.stages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.llm.ChatChoice;
import dev.distillery.llm.ChatClient;
import dev.distillery.llm.ChatMessage;
import dev.distillery.llm.ChatRequest;
import dev.distillery.llm.ChatResponse;
import dev.distillery.llm.CompletionBroker;
import dev.distillery.stages.core.OrderedCompletions;
import dev.distillery.stages.core.Progress;
import dev.distillery.stages.core.Rows;
import dev.distillery.stages.core.StageContext;
import dev.distillery.stages.core.StageServices;
import dev.distillery.store.FakeBlobStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Rows come back in order, yet a row held up (as by a 429's Retry-After) neither stops later rows
 * from being requested nor, while it waits, keeps a caller from them.
 */
class OrderedCompletionsTest {

  private static ChatRequest row(int i) {
    return new ChatRequest("m", List.of(ChatMessage.user("row " + i)), 1, 1.0, 10, null);
  }

  private static int rowOf(ChatRequest request) {
    return Integer.parseInt(request.messages().get(0).content().substring(4));
  }

  /**
   * Rows in {@code held} wait, counted as waiting to retry, until {@code others} other rows have
   * been answered (or 20 s pass: then the test fails, as a stalled stage would).
   */
  private static final class HoldingClient implements ChatClient {
    final Set<Integer> held;
    final CountDownLatch others;
    final AtomicInteger waiting = new AtomicInteger();
    final List<Integer> answered = new ArrayList<>();
    volatile boolean timedOut;

    HoldingClient(Set<Integer> held, int others) {
      this.held = held;
      this.others = new CountDownLatch(others);
    }

    @Override
    public ChatResponse complete(ChatRequest request) throws InterruptedException {
      int row = rowOf(request);
      if (held.contains(row)) {
        waiting.incrementAndGet();
        try {
          timedOut |= !others.await(20, TimeUnit.SECONDS);
        } finally {
          waiting.decrementAndGet();
        }
      } else {
        others.countDown();
      }
      synchronized (answered) {
        answered.add(row);
      }
      return new ChatResponse(
          List.of(new ChatChoice(0, "", "answer " + row, "stop")), 1, 1, 1, 1, Map.of());
    }

    @Override
    public int waitingToRetry() {
      return waiting.get();
    }
  }

  private static List<Integer> run(HoldingClient client, int concurrency, int rows)
      throws Exception {
    StageServices services =
        new StageServices(null, null, new CompletionBroker(new FakeBlobStore()), Map.of());
    StageContext context =
        new StageContext(
            "t", Rows.JSON.createObjectNode(), List.of(), null, Progress.NONE, services);
    List<Integer> handed = new ArrayList<>();
    OrderedCompletions.run(
        context,
        "teacher",
        client,
        "e",
        concurrency,
        rows,
        OrderedCompletionsTest::row,
        (i, batch) -> {
          assertEquals("answer " + i, batch.completions().get(0).content());
          handed.add(i);
        });
    return handed;
  }

  @Test
  void aHeldUpRowLetsRowsBeyondTheWindowGoAhead() throws Exception {
    // Row 0 waits for 100 others; four times the concurrency (4 x 4 = 16) would never get there.
    HoldingClient client = new HoldingClient(Set.of(0), 100);
    List<Integer> handed = run(client, 4, 300);

    assertTrue(!client.timedOut, "the held row was released by later rows");
    assertEquals(300, handed.size());
    for (int i = 0; i < handed.size(); i++) {
      assertEquals(i, handed.get(i), "rows are handed back in order");
    }
  }

  @Test
  void rowsWaitingToRetryDoNotHoldTheOthersCallers() throws Exception {
    // With 2 callers, rows 0 and 1 waiting would hold both; they count as waiting to retry.
    HoldingClient client = new HoldingClient(Set.of(0, 1), 20);
    List<Integer> handed = run(client, 2, 40);

    assertTrue(!client.timedOut, "other rows were answered while two waited");
    assertEquals(40, handed.size());
  }
}
