package dev.distillery.stages.core;

import dev.distillery.llm.ChatClient;
import dev.distillery.llm.ChatRequest;
import dev.distillery.llm.Completion;
import dev.distillery.llm.CompletionBatch;
import dev.distillery.llm.CompletionBroker;
import dev.distillery.llm.LlmException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Sends one request per row through the worker's {@link CompletionBroker}, {@code concurrency} at a
 * time (up to {@link #ahead} rows queued), and hands the results back in row order, so a stage
 * writes its rows in input order whatever order the replies arrive in. A non-retryable endpoint
 * error becomes the stage's user error; anything else is thrown for Temporal to retry. When the
 * stage's {@link SpendGate} closes, the rows after the last one handed back are left for later: the
 * requests in flight finish (into the completion store) and {@link StagePausedException} is thrown.
 */
public final class OrderedCompletions {
  /** Receives row {@code index}'s samples, in row order. */
  @FunctionalInterface
  public interface Handler {
    void accept(int index, CompletionBatch batch) throws Exception;
  }

  private OrderedCompletions() {}

  /**
   * @param kind the stage kind, for error messages
   * @param endpoint the {@code base_url} as the recipe names it (part of the completion keys)
   * @param rows how many rows
   * @param request the request of row {@code i}
   */
  public static void run(
      StageContext context,
      String kind,
      ChatClient client,
      String endpoint,
      int concurrency,
      int rows,
      IntFunction<ChatRequest> request,
      Handler handler)
      throws Exception {
    CompletionBroker completions = context.services().completions();
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            concurrency,
            3 * concurrency,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            Executors.defaultThreadFactory());
    AtomicLong heldChars = new AtomicLong();
    long maxAhead = ahead(concurrency);
    Deque<Future<CompletionBatch>> window = new ArrayDeque<>();
    int done = 0;
    try {
      int next = 0;
      long ahead = concurrency * 4L;
      for (; done < rows; done++) {
        long waited = 0;
        while (true) {
          while (next < rows && window.size() < ahead) {
            ChatRequest r = request.apply(next);
            window.add(
                pool.submit(
                    () -> {
                      CompletionBatch batch = completions.complete(endpoint, r, client);
                      heldChars.addAndGet(chars(batch));
                      return batch;
                    }));
            next++;
          }
          if (isDone(window.peek())) {
            break;
          }
          // The first row is held up (a 429's Retry-After, a backoff): callers waiting out a
          // retry are replaced, and later rows go ahead meanwhile.
          callers(pool, concurrency, client);
          waited += POLL_MILLIS;
          if (waited >= HEAD_WAIT_MILLIS && heldChars.get() < HELD_CHARS) {
            ahead = Math.min(maxAhead, 2 * ahead);
            waited = 0;
          }
        }
        callers(pool, concurrency, client);
        CompletionBatch batch = await(context, kind, window.poll());
        heldChars.addAndGet(-chars(batch));
        handler.accept(done, batch);
      }
    } catch (StagePausedException e) {
      // The requests in flight are paid for: let them land in the completion store (heartbeating
      // meanwhile), so the shard finds them when it goes on. Queued ones are not started.
      window.forEach(f -> f.cancel(false));
      pool.shutdown();
      while (!pool.awaitTermination(1, TimeUnit.SECONDS)) {
        context.progress().report(done, rows);
      }
      throw e;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Whether {@code head} is done within {@link #POLL_MILLIS}. */
  private static boolean isDone(Future<CompletionBatch> head) throws InterruptedException {
    try {
      head.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException | CancellationException e) {
      // Reported when the row is handed back.
    }
    return true;
  }

  private static final long POLL_MILLIS = 50;

  /** How long the first row may keep the others waiting before more rows are let ahead. */
  static final long HEAD_WAIT_MILLIS = 500;

  /**
   * The most rows whose requests may be under way or done ahead of the row being handed back:
   * requests go out in row order but come back in any, and one that waits out a 429 or a backoff
   * holds up every row after it. At {@code 4 x concurrency} rows, 10% transient 429s with {@code
   * Retry-After: 1} against 200 ms replies held the teacher to 0.28 of the endpoint's capacity. So
   * each time the first row keeps the rest waiting {@link #HEAD_WAIT_MILLIS}, twice as many rows
   * are let ahead, up to this many, as long as the completions held (done but not yet handed back)
   * stay under {@link #HELD_CHARS}, so long answers do not fill the heap. Against an endpoint that
   * answers in time, the window stays at {@code 4 x concurrency}.
   */
  static long ahead(int concurrency) {
    return Math.max(concurrency * 4L, Math.min(concurrency * 32L, 16_384));
  }

  /** The text of completions held, done but not yet handed back, beyond the first rows ahead. */
  static final long HELD_CHARS = 32L << 20;

  private static long chars(CompletionBatch batch) {
    long chars = 0;
    for (Completion c : batch.completions()) {
      chars += 64 + length(c.reasoning()) + length(c.content());
    }
    return chars;
  }

  private static long length(String text) {
    return text == null ? 0 : text.length();
  }

  /**
   * Sizes the callers: {@code concurrency} (which bounds the requests in flight, the client's
   * permits) plus one for each request now waiting out a 429's Retry-After or a backoff, which
   * holds a caller but no slot; so retries do not leave the endpoint's slots idle, and an endpoint
   * that answers in time costs no extra threads.
   */
  private static void callers(ThreadPoolExecutor pool, int concurrency, ChatClient client) {
    int wanted = concurrency + Math.min(2 * concurrency, client.waitingToRetry());
    if (wanted > pool.getCorePoolSize()) {
      pool.setCorePoolSize(wanted);
    } else if (wanted < pool.getCorePoolSize() - concurrency / 4) {
      pool.setCorePoolSize(wanted); // Not for every small dip: threads are cheap to keep a while.
    }
  }

  /** The batch of {@code future}, with endpoint errors mapped as described above. */
  static CompletionBatch await(StageContext context, String kind, Future<CompletionBatch> future)
      throws Exception {
    try {
      return future.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof LlmException llm) {
        if (!llm.retryable()) {
          throw context.userError(kind, llm.getMessage());
        }
        throw new IOException(llm.getMessage(), llm);
      }
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  /** Adds a batch's requests, tokens and reused samples to the stage's counters. */
  public static void count(StageContext context, CompletionBatch batch) {
    context.out().count("requests", batch.requests());
    context.out().count("completions_reused", batch.reused());
    context.out().count("prompt_tokens", batch.promptTokens());
    context.out().count("completion_tokens", batch.completionTokens());
  }
}
