package dev.distillery.stages.scoring;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.stages.core.Rows;
import java.util.ArrayList;
import java.util.List;

/** Scores each question by a classifier's probability that it belongs to the positive set. */
public final class ClassifierScorer implements QuestionScorer {
  private final HashedLinearClassifier model;

  public ClassifierScorer(HashedLinearClassifier model) {
    this.model = model;
  }

  @Override
  public List<Double> scoreAll(List<ObjectNode> rows) {
    List<Double> scores = new ArrayList<>(rows.size());
    rows.forEach(row -> scores.add(model.probability(Rows.text(row, Rows.QUESTION))));
    return scores;
  }
}
