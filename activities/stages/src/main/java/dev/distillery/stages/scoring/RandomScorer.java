package dev.distillery.stages.scoring;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.stages.core.Rows;
import java.util.List;

/**
 * The baseline: a seeded random score in [0, 1) per question id, the same in every run.
 *
 * @param seed the seed of the scores
 */
public record RandomScorer(long seed) implements QuestionScorer {
  @Override
  public List<Double> scoreAll(List<ObjectNode> rows) {
    return QuestionScorer.eachRow(
        rows, row -> (Rows.rank(seed, Rows.text(row, Rows.ID)) >>> 11) * 0x1.0p-53);
  }
}
