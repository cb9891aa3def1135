package dev.distillery.stages.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.json.Json;
import dev.distillery.text.Texts;
import java.nio.charset.StandardCharsets;

/** Row field names and small helpers shared by the stages. */
public final class Rows {
  public static final ObjectMapper JSON = Json.mapper();

  public static final String ID = "id";
  public static final String SOURCE = "source";
  public static final String DOMAIN = "domain";
  public static final String QUESTION = "question";
  public static final String ANSWER = "answer";

  private Rows() {}

  public static ObjectNode question(
      String id, String source, String domain, String question, String answer) {
    ObjectNode row = JSON.createObjectNode();
    row.put(ID, id);
    row.put(SOURCE, source);
    row.put(DOMAIN, domain);
    row.put(QUESTION, question);
    if (answer != null) {
      row.put(ANSWER, answer);
    }
    return row;
  }

  /** The text of a field, or "" when absent or null. */
  public static String text(JsonNode row, String field) {
    JsonNode value = row.get(field);
    return value == null || value.isNull() ? "" : value.asText();
  }

  /** Question text for exact dedup: lower case, whitespace collapsed, trimmed. */
  public static String normalize(String text) {
    return Texts.normalize(text);
  }

  /**
   * A stable pseudo-random rank for a row id under a seed (FNV-1a then a 64-bit mix), used to
   * sample and break ties reproducibly without a shared random stream.
   */
  public static long rank(long seed, String id) {
    long h = 0xcbf29ce484222325L ^ seed;
    for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
      h ^= b;
      h *= 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    return h;
  }
}
