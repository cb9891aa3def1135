package dev.distillery.stages.files;

/**
 * A record of a source file that cannot be read as one: a JSONL line that is not JSON or not an
 * object, a CSV record with the wrong number of fields, a line that is not UTF-8 text.
 *
 * @param line where it starts in the file, counting from 1
 * @param reason a short snake_case word for counters and dropped rows ({@code malformed_json},
 *     {@code not_an_object}, {@code wrong_field_count}, {@code not_utf8}, {@code binary})
 * @param problem what is wrong, completing "line N of 'file' ...", e.g. {@code is not valid JSON
 *     (...)}
 * @param text the record as read, cut to {@link #MAX_TEXT} characters, for the dropped rows
 */
public record BadRecord(long line, String reason, String problem, String text) {
  /** The most characters of a bad record kept in {@link #text}. */
  public static final int MAX_TEXT = 2_000;

  public BadRecord {
    if (text != null && text.length() > MAX_TEXT) {
      int end = Character.isHighSurrogate(text.charAt(MAX_TEXT - 1)) ? MAX_TEXT - 1 : MAX_TEXT;
      text = text.substring(0, end);
    }
  }
}
