package dev.distillery.stages.scoring;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.stages.core.Rows;
import java.util.List;

/**
 * Scores each question by a classifier's probability that it belongs to the positive set.
 *
 * @param model the trained classifier
 */
public record ClassifierScorer(HashedLinearClassifier model) implements QuestionScorer {
  @Override
  public List<Double> scoreAll(List<ObjectNode> rows) {
    return QuestionScorer.eachRow(rows, row -> model.probability(Rows.text(row, Rows.QUESTION)));
  }
}
