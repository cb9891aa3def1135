package dev.distillery.recipe;

import static dev.distillery.recipe.ParamSpec.tuning;
import static dev.distillery.recipe.ParamType.INTEGER;
import static dev.distillery.recipe.ParamType.NUMBER;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * The tuning params, and their checks, of a kind whose stages call a model endpoint through the
 * worker's client: prices for the cost counter, retries, timeout and rate limits.
 */
public final class EndpointParams {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private EndpointParams() {}

  /** {@code params} followed by the endpoint tuning params. */
  public static List<ParamSpec> withTuning(List<ParamSpec> params) {
    List<ParamSpec> all = new ArrayList<>(params);
    all.addAll(
        List.of(
            tuning(
                "price_input_per_million",
                NUMBER,
                F.numberNode(0),
                "USD per million prompt tokens, for the cost counter"),
            tuning(
                "price_output_per_million",
                NUMBER,
                F.numberNode(0),
                "USD per million completion tokens, for the cost counter"),
            tuning("max_retries", INTEGER, F.numberNode(6), "retries per request"),
            tuning("timeout_seconds", INTEGER, F.numberNode(600), "per-request timeout"),
            tuning(
                "requests_per_minute",
                INTEGER,
                F.numberNode(0),
                "the endpoint's request limit per worker; 0 for none"),
            tuning(
                "tokens_per_minute",
                INTEGER,
                F.numberNode(0),
                "the endpoint's token limit per worker; 0 for none")));
    return List.copyOf(all);
  }

  /** {@code rules} followed by the checks of {@link #withTuning}'s params. */
  public static List<ParamRule> withRules(List<ParamRule> rules) {
    List<ParamRule> all = new ArrayList<>(rules);
    all.addAll(
        List.of(
            ParamRule.nonNegative("price_input_per_million"),
            ParamRule.nonNegative("price_output_per_million"),
            ParamRule.atLeast("max_retries", 0),
            ParamRule.atLeast("timeout_seconds", 1),
            ParamRule.atLeast("requests_per_minute", 0),
            ParamRule.atLeast("tokens_per_minute", 0)));
    return List.copyOf(all);
  }
}
