package dev.distillery.examples.customkind;

import dev.distillery.recipe.Kind;
import dev.distillery.recipe.ParamRule;
import dev.distillery.stages.StageKindDefinition;
import dev.distillery.stages.core.Stage;
import dev.distillery.stages.core.StageEnvironment;
import java.util.List;

/**
 * The {@code drop-keywords} stage kind: drops questions that contain any of a list of words (a
 * company's own filter). Registered by its line in {@code
 * META-INF/services/dev.distillery.recipe.StageKindSpec}; with this jar on the class path, {@code
 * distill validate}, {@code plan}, {@code run} and every worker know the kind.
 */
@Kind(
    name = "drop-keywords",
    version = 1,
    minInputs = 1,
    maxInputs = 1,
    params = DropKeywordsParams.class,
    summary = "Drops questions that contain any of a list of words")
public final class DropKeywordsKind implements StageKindDefinition {
  private static final List<ParamRule> RULES = List.of(ParamRule.atLeast("report_every", 1));

  @Override
  public List<ParamRule> rules() {
    return RULES;
  }

  @Override
  public Stage stage(StageEnvironment environment) {
    return new DropKeywordsStage();
  }
}
