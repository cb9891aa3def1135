package dev.distillery.stages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.stages.core.Input;
import dev.distillery.stages.core.Rows;
import dev.distillery.stages.core.Stage;
import dev.distillery.stages.core.StageContext;
import dev.distillery.stages.files.ParquetExport;
import dev.distillery.training.LlamaFactoryConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code export}: turns teacher rows into training rows, the assistant text being {@code
 * <think>\n{reasoning}\n</think>\n\n{answer}} as in OpenThoughts3. With {@code drop_truncated} (the
 * default), answers cut off at the token limit ({@code finish_reason: length}) are dropped ({@code
 * truncated}) into the stage's dropped rows, with their {@code finish_reason}, {@code
 * completion_tokens} and the teacher's {@code max_tokens} under {@code dropped_by}; with {@code
 * drop_truncated: false} they are exported as they are (a missing or null answer is empty text).
 *
 * <ul>
 *   <li>{@code format: sharegpt} (default): OpenThoughts3's columns {@code conversations} of {@code
 *       {from: human|gpt, value}}, {@code difficulty} (the row's integer {@code difficulty} score
 *       when a question filter left one, else null), {@code source} and {@code domain}, then {@code
 *       id} and {@code sample} for lineage.
 *   <li>{@code format: messages}: OpenAI chat JSONL, {@code messages} of {@code {role, content}}:
 *       {@code system} (when {@code system_prompt} is set), {@code user}, {@code assistant}; then
 *       {@code source}, {@code domain}, {@code id} and {@code sample}.
 *   <li>{@code format: parquet}: the sharegpt rows, and beside them the same rows as Parquet files
 *       {@code train-00000-of-0000N.parquet} (one per 500,000 rows, zstd) with OpenThoughts3's
 *       column order and fixed types (see {@link ParquetExport}).
 * </ul>
 *
 * <p>Beside the rows it writes a LLaMA-Factory {@code dataset_info.json} describing the dataset
 * under {@code dataset_name}, whose {@code file_name} is {@code <dataset_name>.jsonl}: the stage's
 * parts decompressed and concatenated ({@code zstd -dc part-*.jsonl.zst > <dataset_name>.jsonl}).
 * For Parquet it is the Parquet file itself, so the folder of the stage's extra files is a
 * LLaMA-Factory dataset directory as it is; with several Parquet files it is a directory {@code
 * <dataset_name>} to move them into (LLaMA-Factory reads every file of a directory, and all must be
 * Parquet). The manifest counters hold the dataset statistics of {@link DatasetStats}.
 */
public final class ExportStage implements Stage {
  public static final String DATASET_INFO = "dataset_info.json";
  private static final String KIND = "export";

  private final int parquetRowsPerFile;

  public ExportStage() {
    this(ParquetExport.DEFAULT_ROWS_PER_FILE);
  }

  /** A stage splitting Parquet exports every {@code parquetRowsPerFile} rows. */
  ExportStage(int parquetRowsPerFile) {
    this.parquetRowsPerFile = parquetRowsPerFile;
  }

  @Override
  public void run(StageContext context) throws Exception {
    Input input = context.inputs().get(0);
    ObjectNode p = context.params();
    String format = p.path("format").asText("sharegpt");
    if (!format.equals("sharegpt") && !format.equals("messages") && !format.equals("parquet")) {
      throw context.userError(
          KIND,
          "params.format is '"
              + format
              + "', which this stage cannot write. Use sharegpt (OpenThoughts3 columns),"
              + " messages (OpenAI chat JSONL) or parquet (sharegpt, also as Parquet files).");
    }
    try (ParquetExport parquet =
        format.equals("parquet") ? new ParquetExport(parquetRowsPerFile) : null) {
      run(context, input, format.equals("messages"), parquet);
    }
  }

  private static void run(
      StageContext context, Input input, boolean messages, ParquetExport parquet) throws Exception {
    ObjectNode p = context.params();
    String system = p.hasNonNull("system_prompt") ? p.get("system_prompt").asText() : null;
    boolean dropTruncated = p.path("drop_truncated").asBoolean(true);
    DatasetStats stats = new DatasetStats(context.out());
    input.forEach(
        row -> {
          if (!TeacherStage.admitAnswer(
              context, KIND, input, row, dropTruncated, "Put a teacher stage before export.")) {
            return;
          }
          ObjectNode out = messages ? messages(row, system) : shareGpt(row);
          context.out().write(out);
          if (parquet != null) {
            parquet.write(out);
          }
          stats.add(
              Rows.text(row, Rows.SOURCE),
              Rows.text(row, Rows.DOMAIN),
              (system == null ? "" : system + " ") + Rows.text(row, Rows.QUESTION),
              assistant(row));
        });
    stats.finish();
    String name = p.path("dataset_name").asText("distillery");
    String fileName = name + ".jsonl";
    if (parquet != null) {
      List<Path> files = parquet.finish();
      for (Path file : files) {
        context.files().writeFile(file.getFileName().toString(), file);
      }
      fileName = files.size() == 1 ? files.get(0).getFileName().toString() : name;
    }
    context
        .files()
        .writeFile(
            DATASET_INFO,
            Rows.JSON
                .writerWithDefaultPrettyPrinter()
                .writeValueAsString(datasetInfo(name, fileName, messages))
                .getBytes(StandardCharsets.UTF_8));
  }

  /** The OpenThoughts3 assistant text of a teacher row. */
  static String assistant(ObjectNode row) {
    return "<think>\n"
        + Rows.text(row, TeacherStage.REASONING)
        + "\n</think>\n\n"
        + Rows.text(row, TeacherStage.RESPONSE);
  }

  static ObjectNode shareGpt(ObjectNode row) {
    ObjectNode out = Rows.JSON.createObjectNode();
    ArrayNode conversations = out.putArray("conversations");
    conversations.addObject().put("from", "human").put("value", Rows.text(row, Rows.QUESTION));
    conversations.addObject().put("from", "gpt").put("value", assistant(row));
    JsonNode difficulty = row.get("difficulty");
    if (difficulty != null && difficulty.isNumber()) {
      out.put("difficulty", difficulty.asInt());
    } else {
      out.putNull("difficulty");
    }
    out.put(Rows.SOURCE, Rows.text(row, Rows.SOURCE));
    out.put(Rows.DOMAIN, Rows.text(row, Rows.DOMAIN));
    out.put(Rows.ID, Rows.text(row, Rows.ID));
    out.set(TeacherStage.SAMPLE, row.get(TeacherStage.SAMPLE));
    return out;
  }

  static ObjectNode messages(ObjectNode row, String system) {
    ObjectNode out = Rows.JSON.createObjectNode();
    ArrayNode messages = out.putArray("messages");
    if (system != null) {
      messages.addObject().put("role", "system").put("content", system);
    }
    messages.addObject().put("role", "user").put("content", Rows.text(row, Rows.QUESTION));
    messages.addObject().put("role", "assistant").put("content", assistant(row));
    out.put(Rows.SOURCE, Rows.text(row, Rows.SOURCE));
    out.put(Rows.DOMAIN, Rows.text(row, Rows.DOMAIN));
    out.put(Rows.ID, Rows.text(row, Rows.ID));
    out.set(TeacherStage.SAMPLE, row.get(TeacherStage.SAMPLE));
    return out;
  }

  /** LLaMA-Factory's description of the dataset: its file and where the turns are. */
  static ObjectNode datasetInfo(String name, String fileName, boolean messages) {
    return LlamaFactoryConfig.datasetInfo(name, fileName, messages);
  }
}
