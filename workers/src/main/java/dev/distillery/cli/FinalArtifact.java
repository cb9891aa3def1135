package dev.distillery.cli;

/**
 * What an experiment ends with: the artifact of its last stage (an export, an evaluation's scores),
 * which {@code distill artifacts ls|show|cat|download KIND/KEY} take.
 *
 * @param stage the stage id in the recipe
 * @param kind the stage kind
 * @param key the stage's content address
 */
record FinalArtifact(String stage, String kind, String key) {
  /** The artifact {@code last} wrote, or null for no stage. */
  static FinalArtifact of(dev.distillery.workflow.StageResult last) {
    return last == null ? null : new FinalArtifact(last.stageId(), last.kind(), last.key());
  }

  /** {@code KIND/KEY} with the key cut to its first 12 characters, as tables show stages. */
  String shortId() {
    return kind + "/" + key.substring(0, Math.min(12, key.length()));
  }

  /** {@code KIND/KEY} in full. */
  String id() {
    return kind + "/" + key;
  }
}
