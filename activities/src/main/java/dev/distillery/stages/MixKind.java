package dev.distillery.stages;

import static dev.distillery.recipe.ParamSpec.optional;
import static dev.distillery.recipe.ParamSpec.required;
import static dev.distillery.recipe.ParamType.INTEGER;
import static dev.distillery.recipe.ParamType.NUMBER_MAP;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.distillery.recipe.ParamRule;
import dev.distillery.recipe.ParamSpec;
import java.util.List;

/** The {@code mix} stage kind: mixes sources: the top N, weights or equal shares, caps, a total. */
public final class MixKind implements StageKindDefinition {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final JsonNode NONE = null;

  private static final List<ParamSpec> PARAMS =
      List.of(
          required("total", INTEGER, "rows in the mixed output"),
          optional(
              "weights",
              NUMBER_MAP,
              NONE,
              "share of each source (the rows' source field) by name; equal shares when"
                  + " absent"),
          optional(
              "top",
              INTEGER,
              NONE,
              "use only the first N sources in input order, total/N rows each"),
          optional("caps", NUMBER_MAP, NONE, "most rows taken from a source, by name"),
          optional("seed", INTEGER, F.numberNode(0), "random seed"));

  private static final List<ParamRule> RULES =
      List.of(
          ParamRule.atLeast("total", 1),
          ParamRule.nonNegativeValues("weights"),
          ParamRule.atLeast("top", 1),
          ParamRule.nonNegativeValues("caps"));

  @Override
  public String name() {
    return "mix";
  }

  @Override
  public int version() {
    return 1;
  }

  @Override
  public String summary() {
    return "Mixes sources: the top N, weights or equal shares, caps, a total";
  }

  @Override
  public int minInputs() {
    return 1;
  }

  @Override
  public int maxInputs() {
    return 16;
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
    return new MixStage();
  }
}
