package dev.distillery.stages;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.stages.core.Rows;
import dev.distillery.stages.core.StageContext;
import dev.distillery.stages.core.StageUserException;
import dev.distillery.stages.files.RecordFiles;
import java.util.ArrayList;
import java.util.List;

/**
 * The example texts a stage learns from ({@code positives} and {@code negatives} of a classifier or
 * an embedding score): every record of the files a list param names, JSONL, CSV or Parquet, local
 * or remote (see {@link RecordFiles}), each giving the first non-empty of {@code fields}.
 */
final class ExampleTexts {
  private ExampleTexts() {}

  /**
   * @throws StageUserException when {@code param} is empty, a file is missing or unreadable, or a
   *     file holds no text under any of {@code fields}
   */
  static List<String> read(StageContext context, String kind, String param, List<String> fields)
      throws Exception {
    JsonNode paths = context.params().path(param);
    if (paths.isEmpty()) {
      throw context.userError(
          kind,
          "method "
              + context.params().get("method").asText()
              + " needs params."
              + param
              + ": a list of files of examples (JSONL, CSV or Parquet with a "
              + String.join(" or ", fields)
              + " field), the positives of the kind to keep, the negatives of the kind to drop.");
    }
    List<String> texts = new ArrayList<>();
    for (JsonNode path : paths) {
      int before = texts.size();
      RecordFiles.readObjects(
          context,
          new RecordFiles.Origin(kind, "params." + param),
          path.asText(),
          (record, line) -> {
            for (String field : fields) {
              String text = Rows.text(record, field);
              if (!text.isBlank()) {
                texts.add(text);
                return;
              }
            }
          });
      if (texts.size() == before) {
        throw context.userError(
            kind,
            "'"
                + path.asText()
                + "' in params."
                + param
                + " holds no example: no record has a non-empty "
                + String.join(" or ", fields)
                + " field.");
      }
    }
    return texts;
  }
}
