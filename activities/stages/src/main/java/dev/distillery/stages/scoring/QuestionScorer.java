package dev.distillery.stages.scoring;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** Scores questions for {@code score-questions}: higher means more worth keeping. */
public interface QuestionScorer {
  /**
   * One score per row, in order; null where no score could be had (an unparsable rating). A scorer
   * may add fields to the rows it scores (for example {@code difficulty}).
   */
  List<Double> scoreAll(List<ObjectNode> rows) throws Exception;
}
