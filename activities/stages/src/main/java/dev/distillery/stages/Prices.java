package dev.distillery.stages;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.llm.CompletionBatch;

/**
 * A model's configured prices, from the params {@code price_input_per_million} and {@code
 * price_output_per_million} (USD per million tokens).
 */
record Prices(double inputPerMillion, double outputPerMillion) {
  Prices(ObjectNode params) {
    this(
        params.path("price_input_per_million").asDouble(0),
        params.path("price_output_per_million").asDouble(0));
  }

  /**
   * What the tokens this batch actually requested cost, in millionths of a dollar: a price per
   * million tokens is exactly a price in micro-dollars per token.
   */
  long microUsd(CompletionBatch batch) {
    return microUsd(batch.promptTokens(), batch.completionTokens());
  }

  /** What {@code promptTokens} and {@code completionTokens} cost, in millionths of a dollar. */
  long microUsd(long promptTokens, long completionTokens) {
    return Math.round(promptTokens * inputPerMillion + completionTokens * outputPerMillion);
  }
}
