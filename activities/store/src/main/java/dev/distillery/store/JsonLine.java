package dev.distillery.store;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One row as the UTF-8 bytes of its JSON line (without the newline), parsed only as far as asked.
 * {@link #texts} reads top-level fields with a streaming parser, building no tree; {@link #tree}
 * parses the whole row, once. A stage that passes most rows through unchanged (dedup,
 * decontaminate) reads lines and writes them back through {@link RowSink#write(JsonLine)}, so a
 * kept row is copied byte for byte instead of being parsed into a tree and serialized again.
 *
 * <p>Not thread-safe. The bytes are not copied: do not change them.
 */
public final class JsonLine {
  private final byte[] bytes;
  private ObjectNode tree;

  /** A line as read from a store file; it must hold one JSON object. */
  public JsonLine(byte[] bytes) {
    this.bytes = bytes;
  }

  /** The line of {@code row}, serialized as the store writes rows. */
  public static JsonLine of(ObjectNode row) {
    try {
      JsonLine line = new JsonLine(StoreJson.MAPPER.writeValueAsBytes(row));
      line.tree = row;
      return line;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The UTF-8 bytes of the JSON object, without a newline. */
  public byte[] bytes() {
    return bytes;
  }

  /**
   * The row as a tree, parsed on the first call and shared by later calls.
   *
   * @throws IOException when the line is not one JSON object
   */
  public ObjectNode tree() throws IOException {
    if (tree == null) {
      JsonNode node = StoreJson.MAPPER.readTree(bytes);
      if (!(node instanceof ObjectNode row)) {
        throw new IOException("the line is no JSON object: " + preview());
      }
      tree = row;
    }
    return tree;
  }

  /** The text of a top-level field as {@code Rows.text} reads it from the tree. */
  public String text(String field) throws IOException {
    return texts(field)[0];
  }

  /**
   * The texts of top-level fields in one pass, without building the tree: a string's value; "" when
   * the field is absent, null, an object or an array; a number or boolean as the tree prints it.
   * With duplicate keys the last wins, as in {@link #tree}.
   *
   * @throws IOException when the line is not one JSON object
   */
  public String[] texts(String... fields) throws IOException {
    String[] out = new String[fields.length];
    if (tree != null) {
      for (int i = 0; i < fields.length; i++) {
        out[i] = fromTree(tree, fields[i]);
      }
      return out;
    }
    if (!JsonLineScanner.scan(bytes, fields, out)) {
      Arrays.fill(out, null);
      parse(fields, out);
    }
    for (int i = 0; i < out.length; i++) {
      if (out[i] == null) {
        out[i] = "";
      }
    }
    return out;
  }

  /** {@link #texts} through Jackson's streaming parser, for what the scanner leaves to it. */
  private void parse(String[] fields, String[] out) throws IOException {
    try (JsonParser parser = StoreJson.MAPPER.getFactory().createParser(bytes)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("the line is no JSON object: " + preview());
      }
      for (JsonToken token = parser.nextToken();
          token == JsonToken.FIELD_NAME;
          token = parser.nextToken()) {
        int wanted = indexOf(fields, parser.currentName());
        JsonToken value = parser.nextToken();
        if (wanted < 0) {
          parser.skipChildren();
        } else if (value == JsonToken.VALUE_STRING) {
          out[wanted] = parser.getText();
        } else if (value.isScalarValue() && value != JsonToken.VALUE_NULL) {
          // Numbers and booleans as the tree prints them (1.50 reads back as 1.5).
          out[wanted] = fromTree(tree(), fields[wanted]);
        } else {
          parser.skipChildren();
          out[wanted] = "";
        }
      }
    }
  }

  private static int indexOf(String[] fields, String name) {
    for (int i = 0; i < fields.length; i++) {
      if (fields[i].equals(name)) {
        return i;
      }
    }
    return -1;
  }

  private static String fromTree(ObjectNode row, String field) {
    JsonNode value = row.get(field);
    return value == null || value.isNull() ? "" : value.asText();
  }

  private String preview() {
    String text = new String(bytes, 0, Math.min(bytes.length, 80), StandardCharsets.UTF_8);
    return bytes.length > 80 ? text + "..." : text;
  }
}
