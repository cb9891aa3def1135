package dev.distillery.stages;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.luben.zstd.ZstdInputStream;
import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * {@code source}: reads questions from a JSONL or JSONL.zst file (local path or {@code s3://} URI),
 * mapping the file's field names to Distillery's ({@code question}, {@code id}, {@code answer},
 * {@code domain}). Rows without a question or that are not JSON objects are dropped and counted.
 */
public final class SourceStage implements Stage {
  private static final String KIND = "source";

  @Override
  public void run(StageContext context) throws Exception {
    ObjectNode params = context.params();
    String path = params.get("path").asText();
    Map<String, String> fields = new HashMap<>(Map.of(Rows.QUESTION, Rows.QUESTION));
    if (params.has("fields")) {
      params
          .get("fields")
          .fields()
          .forEachRemaining(f -> fields.put(f.getKey(), f.getValue().asText()));
    }
    String sourceName =
        params.hasNonNull("source_name") ? params.get("source_name").asText() : baseName(path);
    String domain = params.get("domain").asText();
    long limit = params.hasNonNull("limit") ? params.get("limit").asLong() : Long.MAX_VALUE;

    InputStream raw;
    try {
      raw = context.services().files().open(path);
    } catch (FileNotFoundException e) {
      throw context.userError(
          KIND,
          "cannot read params.path '"
              + path
              + "': no such file. Fix the path in the recipe "
              + "(relative paths are resolved against the worker's working directory).");
    }
    String planned =
        params.hasNonNull("content_sha256") ? params.get("content_sha256").asText() : null;
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    DigestInputStream hashed = new DigestInputStream(raw, digest);
    long lineNo = 0;
    long written = 0;
    try (InputStream in = path.endsWith(".zst") ? new ZstdInputStream(hashed) : hashed;
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null && written < limit) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        context.out().countIn(1);
        JsonNode node;
        try {
          node = Rows.JSON.readTree(line);
        } catch (JsonProcessingException e) {
          context.out().drop("malformed_json");
          continue;
        }
        String question = node.isObject() ? textAt(node, fields.get(Rows.QUESTION)) : null;
        if (question == null || question.isBlank()) {
          context.out().drop("missing_question");
          continue;
        }
        String id = textAt(node, fields.get(Rows.ID));
        String rowDomain = textAt(node, fields.get(Rows.DOMAIN));
        context
            .out()
            .write(
                Rows.question(
                    id == null ? sourceName + "-" + lineNo : id,
                    sourceName,
                    rowDomain == null ? domain : rowDomain,
                    question,
                    textAt(node, fields.get(Rows.ANSWER))));
        written++;
        if (written % 10_000 == 0) {
          context.progress().report(written, -1);
        }
      }
      if (planned != null) {
        hashed.transferTo(OutputStream.nullOutputStream());
        String actual = HexFormat.of().formatHex(digest.digest());
        if (!actual.equals(planned)) {
          throw context.userError(
              KIND,
              "'"
                  + path
                  + "' changed after the sweep was planned (sha256 "
                  + actual
                  + ", planned "
                  + planned
                  + "). Submit the sweep again so this stage gets the"
                  + " content address of the new file.");
        }
      }
    }
  }

  private static String textAt(JsonNode node, String field) {
    if (field == null) {
      return null;
    }
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  /** {@code data/gsm8k.train.jsonl.zst} gives {@code gsm8k.train}. */
  static String baseName(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    for (String ext : new String[] {".zst", ".jsonl", ".json"}) {
      if (name.endsWith(ext)) {
        name = name.substring(0, name.length() - ext.length());
      }
    }
    return name;
  }
}
