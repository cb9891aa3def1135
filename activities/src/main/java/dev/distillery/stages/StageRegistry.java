package dev.distillery.stages;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Maps each stage kind name to its implementation. */
public final class StageRegistry {
  private final Map<String, Stage> stages;

  public StageRegistry(Map<String, Stage> stages) {
    this.stages = Map.copyOf(stages);
  }

  /** Every built-in stage kind; training commands work under the system's temporary folder. */
  public static StageRegistry builtIn() {
    return builtIn(Path.of(System.getProperty("java.io.tmpdir"), "distillery-train"));
  }

  /**
   * Every built-in stage kind.
   *
   * @param trainDir where {@code train} stages without {@code work_dir} keep their folders
   */
  public static StageRegistry builtIn(Path trainDir) {
    return new StageRegistry(
        Map.ofEntries(
            Map.entry("source", new SourceStage()),
            Map.entry("synthetic-arithmetic", new SyntheticArithmeticStage()),
            Map.entry("generate-questions", new GenerateQuestionsStage()),
            Map.entry("mix", new MixStage()),
            Map.entry("dedup", new DedupStage()),
            Map.entry("decontaminate", new DecontaminateStage()),
            Map.entry("filter-questions", new FilterQuestionsStage()),
            Map.entry("score-questions", new ScoreQuestionsStage()),
            Map.entry("teacher", new TeacherStage()),
            Map.entry("train", new TrainStage(trainDir)),
            Map.entry("eval", new EvalStage()),
            Map.entry("filter-answers", new FilterAnswersStage()),
            Map.entry("export", new ExportStage())));
  }

  public Optional<Stage> find(String kind) {
    return Optional.ofNullable(stages.get(kind));
  }
}
