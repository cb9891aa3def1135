package dev.distillery.workflow;

/**
 * One shard of a sharded stage: the stage's output for input rows {@code [from, to)} of its first
 * input.
 *
 * @param stage the stage the shard belongs to
 * @param from the first input row
 * @param to one past the last input row
 */
public record ShardInput(StageInput stage, long from, long to) {
  /** For messages and activity summaries, for example {@code rows 0-500}. */
  public String range() {
    return "rows " + from + "-" + to;
  }
}
