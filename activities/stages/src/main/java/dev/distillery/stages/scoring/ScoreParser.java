package dev.distillery.stages.scoring;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.llm.Completion;

/** Turns a model's reply into a score; null when the reply holds none. */
@FunctionalInterface
public interface ScoreParser {
  /**
   * @param row the question, which the parser may annotate (for example with {@code difficulty})
   * @param reply the model's completion
   */
  Double parse(ObjectNode row, Completion reply);
}
