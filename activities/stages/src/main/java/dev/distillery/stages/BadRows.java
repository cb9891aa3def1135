package dev.distillery.stages;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.stages.core.Rows;
import dev.distillery.stages.core.StageContext;
import dev.distillery.stages.core.StageUserException;
import dev.distillery.stages.files.BadRecord;
import java.io.IOException;

/**
 * What a {@code source} stage does with records it cannot read: by default ({@code on_bad_row:
 * fail}) the first one fails the stage with its file, line and problem; with {@code on_bad_row:
 * skip} each goes to the stage's dropped rows with its reason, file, line and text, until more than
 * {@code max_bad_rows} (no limit when unset) have been skipped.
 */
final class BadRows {
  private static final String KIND = "source";

  private final StageContext context;
  private final String location;
  private final String sourceName;
  private final boolean skip;
  private final long max;
  private long count;

  BadRows(StageContext context, String location, String sourceName) {
    this.context = context;
    this.location = location;
    this.sourceName = sourceName;
    ObjectNode params = context.params();
    this.skip = "skip".equals(params.path("on_bad_row").asText("fail"));
    this.max =
        params.hasNonNull("max_bad_rows") ? params.get("max_bad_rows").asLong() : Long.MAX_VALUE;
  }

  /** How many bad records were skipped. */
  long count() {
    return count;
  }

  /**
   * Fails the stage on {@code bad}, or skips it into the dropped rows when the params allow.
   *
   * @throws StageUserException naming the file, the line, what is wrong and the fix
   */
  void handle(BadRecord bad) throws IOException, StageUserException {
    context.out().countIn(1);
    count++;
    String where = "line " + bad.line() + " of '" + location + "' " + bad.problem();
    if (!skip) {
      throw context.userError(
          KIND,
          where
              + ". Fix that line, or set params.on_bad_row: skip to skip such rows: each goes to"
              + " the stage's dropped rows with its reason (distill artifacts cat STAGE"
              + " --dropped), and params.max_bad_rows caps how many may be skipped.");
    }
    if (count > max) {
      throw context.userError(
          KIND,
          where
              + "; that is bad row "
              + count
              + ", more than params.max_bad_rows ("
              + max
              + "). Fix the file, or raise params.max_bad_rows.");
    }
    drop(bad, sourceName + "-" + bad.line());
  }

  /**
   * Writes {@code bad} to the dropped rows as {@code {id, source, text}} with its reason, file,
   * line and problem, without judging it (rows with no question text are dropped this way too).
   */
  void drop(BadRecord bad, String id) throws IOException {
    ObjectNode row = Rows.JSON.createObjectNode();
    row.put(Rows.ID, id);
    row.put(Rows.SOURCE, sourceName);
    if (bad.text() != null) {
      row.put("text", bad.text());
    }
    ObjectNode detail = Rows.JSON.createObjectNode();
    detail.put("file", location);
    detail.put("line", bad.line());
    detail.put("problem", bad.problem());
    context.out().dropRow(row, bad.reason(), detail);
  }
}
