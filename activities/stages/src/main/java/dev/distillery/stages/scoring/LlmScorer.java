package dev.distillery.stages.scoring;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.llm.ChatClient;
import dev.distillery.llm.ChatRequest;
import dev.distillery.stages.core.OrderedCompletions;
import dev.distillery.stages.core.StageContext;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Scores questions by asking a model, {@code concurrency} requests at a time, through the worker's
 * completion broker (a rating already obtained by any stage or attempt is not bought again). Counts
 * requests, tokens, reused completions and {@code score_parse_failures}.
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
    List<Double> scores = new ArrayList<>(rows.size());
    OrderedCompletions.run(
        context,
        "score-questions",
        client,
        endpoint,
        concurrency,
        rows.size(),
        i -> prompt.apply(rows.get(i)),
        (i, batch) -> {
          OrderedCompletions.count(context, batch);
          Double score = parser.parse(rows.get(i), batch.completions().get(0));
          if (score == null) {
            context.out().count("score_parse_failures", 1);
          }
          scores.add(score);
          context.progress().report(scores.size(), rows.size());
        });
    return scores;
  }
}
