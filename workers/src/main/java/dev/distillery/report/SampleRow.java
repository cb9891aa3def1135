package dev.distillery.report;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One exported training row as the sample viewer shows it: the question, and the assistant text
 * split into its reasoning and its answer.
 *
 * @param question the user turn
 * @param reasoning the text between {@code <think>} and {@code </think>}, or null when the
 *     assistant text has no such block
 * @param answer the text after the reasoning (the whole assistant text when there is none)
 */
public record SampleRow(String question, String reasoning, String answer) {
  private static final String OPEN = "<think>\n";
  private static final String CLOSE = "\n</think>\n\n";

  /**
   * The row of an export in either layout: ShareGPT {@code conversations} of {@code {from, value}}
   * or chat {@code messages} of {@code {role, content}}.
   */
  public static SampleRow of(JsonNode row) {
    String question = "";
    String assistant = "";
    JsonNode turns = row.has("conversations") ? row.get("conversations") : row.path("messages");
    for (JsonNode turn : turns) {
      String who = turn.has("from") ? turn.path("from").asText() : turn.path("role").asText();
      String text = turn.has("value") ? turn.path("value").asText() : turn.path("content").asText();
      if (who.equals("human") || who.equals("user")) {
        question = text;
      } else if (who.equals("gpt") || who.equals("assistant")) {
        assistant = text;
      }
    }
    return of(question, assistant);
  }

  /** Splits {@code <think>\nREASONING\n</think>\n\nANSWER}, as export writes it. */
  public static SampleRow of(String question, String assistant) {
    int close = assistant.startsWith(OPEN) ? assistant.indexOf(CLOSE, OPEN.length()) : -1;
    if (close < 0) {
      return new SampleRow(question, null, assistant);
    }
    return new SampleRow(
        question,
        assistant.substring(OPEN.length(), close),
        assistant.substring(close + CLOSE.length()));
  }
}
