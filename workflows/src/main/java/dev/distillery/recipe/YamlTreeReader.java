package dev.distillery.recipe;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Streams YAML tokens into a JSON tree, recording the location of every key and value so that
 * validation can point at the exact line and column. Syntax errors become problems, never
 * exceptions.
 */
final class YamlTreeReader {
  private static final YAMLFactory YAML = YAMLFactory.builder().build();
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private final String file;
  private final List<Problem> out;
  private final Map<String, int[]> values = new HashMap<>();
  private final Map<String, int[]> keys = new HashMap<>();

  private YamlTreeReader(String file, List<Problem> out) {
    this.file = file;
    this.out = out;
  }

  /**
   * Reads one YAML document.
   *
   * @return the tree, or null when the text is not valid YAML (a problem was added to {@code out})
   */
  static LocatedTree read(String yaml, String file, List<Problem> out) {
    return new YamlTreeReader(file, out).read(yaml);
  }

  private LocatedTree read(String yaml) {
    try (YAMLParser parser = YAML.createParser(yaml)) {
      if (parser.nextToken() == null) {
        out.add(new Problem(file, 1, 1, "the file is empty", "write a YAML mapping"));
        return null;
      }
      int before = out.size();
      JsonNode root = readValue(parser, "");
      if (parser.nextToken() != null) {
        int[] at = where(parser.currentTokenLocation());
        out.add(
            new Problem(
                file,
                at[0],
                at[1],
                "the file holds more than one YAML document",
                "remove the '---' separator and keep one document"));
      }
      return out.size() == before ? new LocatedTree(root, values, keys) : null;
    } catch (JsonProcessingException e) {
      out.add(syntaxProblem(e));
      return null;
    } catch (IOException | RuntimeException e) {
      out.add(new Problem(file, 1, 1, "cannot parse YAML: " + e.getMessage(), ""));
      return null;
    }
  }

  private JsonNode readValue(YAMLParser p, String pointer) throws IOException {
    values.put(pointer, where(p.currentTokenLocation()));
    JsonToken token = p.currentToken();
    switch (token) {
      case START_OBJECT:
        ObjectNode object = F.objectNode();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          String child = pointer + "/" + escape(name);
          int[] keyAt = where(p.currentTokenLocation());
          p.nextToken();
          if (object.has(name)) {
            int[] first = keys.get(child);
            out.add(
                new Problem(
                    file,
                    keyAt[0],
                    keyAt[1],
                    "duplicate key '" + name + "'",
                    "'" + name + "' is already set at line " + first[0] + "; keep one"));
            readValue(p, pointer + "/~duplicate");
            continue;
          }
          keys.put(child, keyAt);
          object.set(name, readValue(p, child));
        }
        return object;
      case START_ARRAY:
        ArrayNode array = F.arrayNode();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          array.add(readValue(p, pointer + "/" + array.size()));
        }
        return array;
      case VALUE_STRING:
        return F.textNode(p.getText());
      case VALUE_NUMBER_INT:
        return switch (p.getNumberType()) {
          case INT -> F.numberNode(p.getIntValue());
          case LONG -> F.numberNode(p.getLongValue());
          default -> F.numberNode(p.getBigIntegerValue());
        };
      case VALUE_NUMBER_FLOAT:
        double d = p.getDoubleValue();
        return Double.isFinite(d) ? F.numberNode(p.getDecimalValue()) : F.numberNode(d);
      case VALUE_TRUE:
        return F.booleanNode(true);
      case VALUE_FALSE:
        return F.booleanNode(false);
      case VALUE_NULL:
        return F.nullNode();
      default:
        return F.textNode(p.getText());
    }
  }

  private Problem syntaxProblem(JsonProcessingException e) {
    String message = e.getOriginalMessage();
    int[] at = where(e.getLocation());
    if (e.getCause() instanceof MarkedYAMLException marked) {
      message = marked.getProblem();
      if (marked.getContext() != null) {
        message = message + " (" + marked.getContext() + ")";
      }
      if (marked.getProblemMark() != null) {
        at =
            new int[] {
              marked.getProblemMark().getLine() + 1, marked.getProblemMark().getColumn() + 1
            };
      }
    }
    String firstLine = message == null ? "" : message.strip().lines().findFirst().orElse("");
    return new Problem(
        file,
        at[0],
        at[1],
        "YAML syntax error: " + firstLine,
        "check the indentation, colons and quotes at and just before this point");
  }

  private static int[] where(JsonLocation location) {
    if (location == null || location.getLineNr() < 1) {
      return new int[] {1, 1};
    }
    return new int[] {location.getLineNr(), Math.max(1, location.getColumnNr())};
  }

  /** Escapes a mapping key as a JSON pointer segment. */
  static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }
}
