package dev.distillery.stages.scoring;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.stages.core.Rows;
import java.util.ArrayList;
import java.util.List;

/** The baseline: a seeded random score in [0, 1) per question id, the same in every run. */
public final class RandomScorer implements QuestionScorer {
  private final long seed;

  public RandomScorer(long seed) {
    this.seed = seed;
  }

  @Override
  public List<Double> scoreAll(List<ObjectNode> rows) {
    List<Double> scores = new ArrayList<>(rows.size());
    for (ObjectNode row : rows) {
      long rank = Rows.rank(seed, Rows.text(row, Rows.ID));
      scores.add((rank >>> 11) * 0x1.0p-53);
    }
    return scores;
  }
}
