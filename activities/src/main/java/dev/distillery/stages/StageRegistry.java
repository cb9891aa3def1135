package dev.distillery.stages;

import java.util.Map;
import java.util.Optional;

/** Maps each stage kind name to its implementation. */
public final class StageRegistry {
  private final Map<String, Stage> stages;

  public StageRegistry(Map<String, Stage> stages) {
    this.stages = Map.copyOf(stages);
  }

  /** Every built-in stage kind. */
  public static StageRegistry builtIn() {
    return new StageRegistry(
        Map.of(
            "source", new SourceStage(),
            "synthetic-arithmetic", new SyntheticArithmeticStage(),
            "mix", new MixStage(),
            "dedup", new DedupStage(),
            "decontaminate", new DecontaminateStage(),
            "filter-questions", new FilterQuestionsStage(),
            "teacher", new TeacherStage(),
            "export", new ExportStage()));
  }

  public Optional<Stage> find(String kind) {
    return Optional.ofNullable(stages.get(kind));
  }
}
