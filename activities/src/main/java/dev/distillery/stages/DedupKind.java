package dev.distillery.stages;

import static dev.distillery.recipe.ParamSpec.optional;
import static dev.distillery.recipe.ParamType.NUMBER;
import static dev.distillery.recipe.ParamType.STRING;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.distillery.recipe.ParamRule;
import dev.distillery.recipe.ParamSpec;
import java.util.List;

/** The {@code dedup} stage kind: removes duplicate questions. */
public final class DedupKind implements StageKindDefinition {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private static final List<ParamSpec> PARAMS =
      List.of(
          optional(
              "method",
              STRING,
              F.textNode("exact"),
              "exact (normalized text), fuzzy (Indel similarity >= threshold) or none"),
          optional(
              "threshold",
              NUMBER,
              F.numberNode(90),
              "fuzzy only: drop a question whose fuzz.ratio to a kept one is at least"
                  + " this, 0-100"));

  private static final List<ParamRule> RULES =
      List.of(ParamRule.oneOf("method", "exact", "fuzzy", "none"), ParamRule.percent("threshold"));

  @Override
  public String name() {
    return "dedup";
  }

  @Override
  public int version() {
    return 3;
  }

  @Override
  public String summary() {
    return "Removes duplicate questions";
  }

  @Override
  public int minInputs() {
    return 1;
  }

  @Override
  public int maxInputs() {
    return 1;
  }

  @Override
  public List<ParamSpec> params() {
    return PARAMS;
  }

  @Override
  public List<ParamRule> rules() {
    return RULES;
  }

  @Override
  public Stage stage(StageEnvironment environment) {
    return new DedupStage();
  }
}
