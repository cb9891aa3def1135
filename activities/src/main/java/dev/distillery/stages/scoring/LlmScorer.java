package dev.distillery.stages.scoring;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.llm.ChatClient;
import dev.distillery.llm.ChatRequest;
import dev.distillery.llm.CompletionBatch;
import dev.distillery.llm.CompletionBroker;
import dev.distillery.llm.LlmException;
import dev.distillery.stages.StageContext;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Scores questions by asking a model, {@code concurrency} requests at a time, through the worker's
 * {@link CompletionBroker} (a rating already obtained by any stage or attempt is not bought again).
 * Counts requests, tokens, reused completions and {@code score_parse_failures}.
 */
public final class LlmScorer implements QuestionScorer {
  private final StageContext context;
  private final ChatClient client;
  private final String endpoint;
  private final int concurrency;
  private final Function<ObjectNode, ChatRequest> prompt;
  private final ScoreParser parser;

  /**
   * @param endpoint the {@code base_url} as the recipe names it (part of the completion keys)
   * @param prompt the request for one question
   * @param parser reads the score from sample 0 of the reply
   */
  public LlmScorer(
      StageContext context,
      ChatClient client,
      String endpoint,
      int concurrency,
      Function<ObjectNode, ChatRequest> prompt,
      ScoreParser parser) {
    this.context = context;
    this.client = client;
    this.endpoint = endpoint;
    this.concurrency = concurrency;
    this.prompt = prompt;
    this.parser = parser;
  }

  @Override
  public List<Double> scoreAll(List<ObjectNode> rows) throws Exception {
    CompletionBroker completions = context.services().completions();
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    List<Double> scores = new ArrayList<>(rows.size());
    try {
      Deque<Future<CompletionBatch>> window = new ArrayDeque<>();
      int next = 0;
      while (scores.size() < rows.size()) {
        while (next < rows.size() && window.size() < concurrency * 4) {
          ChatRequest request = prompt.apply(rows.get(next));
          window.add(pool.submit(() -> completions.complete(endpoint, request, client)));
          next++;
        }
        CompletionBatch batch = await(window.poll());
        context.out().count("requests", batch.requests());
        context.out().count("completions_reused", batch.reused());
        context.out().count("prompt_tokens", batch.promptTokens());
        context.out().count("completion_tokens", batch.completionTokens());
        ObjectNode row = rows.get(scores.size());
        Double score = parser.parse(row, batch.completions().get(0));
        if (score == null) {
          context.out().count("score_parse_failures", 1);
        }
        scores.add(score);
        context.progress().report(scores.size(), rows.size());
      }
      return scores;
    } finally {
      pool.shutdownNow();
    }
  }

  private CompletionBatch await(Future<CompletionBatch> future) throws Exception {
    try {
      return future.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof LlmException llm) {
        if (!llm.retryable()) {
          throw context.userError("score-questions", llm.getMessage());
        }
        throw new IOException(llm.getMessage(), llm);
      }
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }
}
