package dev.distillery.stages.files;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads RFC 4180 CSV one record at a time: fields separated by commas, records by CRLF or LF, a
 * field in double quotes may hold commas, line breaks and doubled quotes ({@code ""}). Leading
 * byte-order marks are skipped. Streams; holds one record in memory.
 */
final class CsvReader {
  /** A record that cannot be read, with the line it started on. */
  static final class CsvFormatException extends IOException {
    final long line;

    CsvFormatException(long line, String message) {
      super(message);
      this.line = line;
    }
  }

  private final Reader in;
  private long line = 1;
  private long recordLine;
  private int peeked = -2;
  private boolean first = true;

  CsvReader(Reader in) {
    this.in = in;
  }

  /** The line the last record returned by {@link #next} started on (1-based). */
  long recordLine() {
    return recordLine;
  }

  /** The next record's fields, or null at the end of the input. */
  List<String> next() throws IOException {
    int c = read();
    if (first) {
      first = false;
      if (c == '\uFEFF') {
        c = read();
      }
    }
    if (c == -1) {
      return null;
    }
    recordLine = line;
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    while (true) {
      if (c == '"' && field.length() == 0) {
        c = quoted(field);
      }
      if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
        c = read();
        continue;
      }
      if (c == '\r' || c == '\n' || c == -1) {
        if (c == '\r') {
          int after = read();
          if (after != '\n') {
            unread(after);
          }
        }
        if (c != -1) {
          line++;
        }
        fields.add(field.toString());
        return fields;
      }
      if (c == '"') {
        throw new CsvFormatException(
            line, "a double quote inside an unquoted field (quote the whole field as \"...\")");
      }
      field.append((char) c);
      c = read();
    }
  }

  /** Reads a quoted field's content after its opening quote; returns the character after it. */
  private int quoted(StringBuilder field) throws IOException {
    long start = line;
    while (true) {
      int c = read();
      if (c == -1) {
        throw new CsvFormatException(start, "a quoted field that is never closed");
      }
      if (c == '"') {
        int after = read();
        if (after != '"') {
          if (after != ',' && after != '\r' && after != '\n' && after != -1) {
            throw new CsvFormatException(
                line, "text after a closing quote (write a quote inside a field as \"\")");
          }
          return after;
        }
      } else if (c == '\n') {
        line++;
      }
      field.append((char) c);
    }
  }

  private int read() throws IOException {
    if (peeked != -2) {
      int c = peeked;
      peeked = -2;
      return c;
    }
    return in.read();
  }

  private void unread(int c) {
    peeked = c;
  }
}
