package dev.distillery.stages.scoring;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** Scores questions for {@code score-questions}: higher means more worth keeping. */
public interface QuestionScorer {
  /**
   * One score per row, in order; null where no score could be had (an unparsable rating). A scorer
   * may add fields to the rows it scores (for example {@code difficulty}).
   */
  List<Double> scoreAll(List<ObjectNode> rows) throws Exception;

  /**
   * One score per row, in order, for a scorer that scores each row on its own with {@code score}.
   */
  static List<Double> eachRow(List<ObjectNode> rows, ToDoubleFunction<ObjectNode> score) {
    List<Double> scores = new ArrayList<>(rows.size());
    rows.forEach(row -> scores.add(score.applyAsDouble(row)));
    return scores;
  }
}
