package dev.distillery.stages;

import dev.distillery.llm.ChatClient;
import dev.distillery.llm.ChatRequest;
import dev.distillery.llm.CompletionBatch;
import dev.distillery.llm.CompletionBroker;
import dev.distillery.llm.LlmException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Sends one request per row through the worker's {@link CompletionBroker}, {@code concurrency} at a
 * time (a window of four times that is queued), and hands the results back in row order, so a stage
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
    ExecutorService pool = Executors.newFixedThreadPool(callers(concurrency));
    int done = 0;
    try {
      Deque<Future<CompletionBatch>> window = new ArrayDeque<>();
      int next = 0;
      for (; done < rows; done++) {
        while (next < rows && window.size() < concurrency * 4) {
          ChatRequest r = request.apply(next);
          window.add(pool.submit(() -> completions.complete(endpoint, r, client)));
          next++;
        }
        handler.accept(done, await(context, kind, window.poll()));
      }
    } catch (StagePausedException e) {
      // The requests in flight are paid for: let them land in the completion store (heartbeating
      // meanwhile), so the shard finds them when it goes on. Queued ones fail fast at the gate.
      pool.shutdown();
      while (!pool.awaitTermination(1, TimeUnit.SECONDS)) {
        context.progress().report(done, rows);
      }
      throw e;
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Threads sending requests: more than {@code concurrency}, which bounds the requests in flight
   * (the client's permits), so that requests waiting out a 429's Retry-After or a backoff do not
   * leave the endpoint's slots idle.
   */
  static int callers(int concurrency) {
    return concurrency + Math.max(1, concurrency / 2);
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
