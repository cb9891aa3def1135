package dev.distillery.stages.files;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.io.PushbackReader;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads RFC 4180 CSV one record at a time with Jackson's CSV parser: fields separated by commas,
 * records by CRLF, LF or CR, a field in double quotes may hold commas, line breaks and doubled
 * quotes ({@code ""}). A leading byte-order mark is skipped. A double quote inside an unquoted
 * field is kept as a character, as most CSV readers do. Streams; holds one record in memory.
 *
 * <p>Line numbers are counted here, from the records themselves, so that a record whose quoted
 * fields span several lines is reported at the physical line it starts on.
 */
final class CsvReader {
  private static final CsvFactory FACTORY = new CsvFactory();

  /** A record that cannot be read, with the line it started on. */
  static final class CsvFormatException extends IOException {
    final long line;

    CsvFormatException(long line, String message) {
      super(message);
      this.line = line;
    }
  }

  private final PushbackReader in;
  private CsvParser parser;
  private long line = 1;
  private long recordLine;

  CsvReader(Reader in) {
    this.in = new PushbackReader(in, 1);
  }

  /** The line the last record returned by {@link #next} started on (1-based). */
  long recordLine() {
    return recordLine;
  }

  /** The next record's fields (one empty field for a blank line), or null at the end. */
  List<String> next() throws IOException {
    if (parser == null) {
      int c = in.read();
      if (c != -1 && c != '\uFEFF') {
        in.unread(c);
      }
      parser = FACTORY.createParser(in);
    }
    recordLine = line;
    List<String> fields = new ArrayList<>();
    try {
      JsonToken token = parser.nextToken();
      if (token == null) {
        return null;
      }
      while ((token = parser.nextToken()) != JsonToken.END_ARRAY && token != null) {
        String field = parser.getText();
        line += field.chars().filter(ch -> ch == '\n').count();
        fields.add(field);
      }
    } catch (JsonParseException e) {
      throw new CsvFormatException(line, describe(e));
    }
    line++;
    if (fields.isEmpty()) {
      fields.add("");
    }
    return fields;
  }

  /** The old reader's words for Jackson's two ways a quoted field goes wrong. */
  private static String describe(JsonParseException e) {
    String message = String.valueOf(e.getOriginalMessage());
    if (message.startsWith("Missing closing quote")) {
      return "a quoted field that is never closed";
    }
    if (message.contains("Expected column separator")) {
      return "text after a closing quote (write a quote inside a field as \"\")";
    }
    return message.replaceAll("\\s+", " ").trim();
  }
}
