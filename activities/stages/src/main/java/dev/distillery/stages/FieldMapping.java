package dev.distillery.stages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.stages.core.Rows;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which field of a source record becomes which row field. A name starting with {@code /} is a JSON
 * Pointer into nested records ({@code /meta/level}).
 *
 * @param mapped row field ({@code question}, {@code id}, {@code answer}, {@code domain}) to the
 *     record's field name; {@code question} is always present
 * @param metadata record fields copied under the row's {@code metadata} object, in order
 */
record FieldMapping(Map<String, String> mapped, List<String> metadata) {
  static final List<String> ROW_FIELDS = List.of(Rows.QUESTION, Rows.ID, Rows.ANSWER, Rows.DOMAIN);

  FieldMapping {
    mapped = Map.copyOf(mapped);
    metadata = List.copyOf(metadata);
  }

  /**
   * Reads {@code fields} and {@code metadata} from a source stage's params.
   *
   * @throws IllegalArgumentException naming an unknown row field
   */
  static FieldMapping of(ObjectNode params) {
    Map<String, String> mapped = new LinkedHashMap<>();
    mapped.put(Rows.QUESTION, Rows.QUESTION);
    JsonNode fields = params.get("fields");
    if (fields != null && fields.isObject()) {
      for (var it = fields.fields(); it.hasNext(); ) {
        var entry = it.next();
        if (!ROW_FIELDS.contains(entry.getKey())) {
          throw new IllegalArgumentException(entry.getKey());
        }
        mapped.put(entry.getKey(), entry.getValue().asText());
      }
    }
    List<String> metadata = new ArrayList<>();
    JsonNode extra = params.get("metadata");
    if (extra != null && extra.isArray()) {
      extra.forEach(name -> metadata.add(name.asText()));
    }
    return new FieldMapping(mapped, metadata);
  }

  /** The record field mapped to a row field, or null when that row field is not mapped. */
  String fieldFor(String rowField) {
    return mapped.get(rowField);
  }

  /**
   * The param naming the first mapped field absent from {@code record} ({@code fields.answer} or
   * {@code metadata}) with that field, or null when every mapped field is present (a present null
   * counts as present).
   */
  Map.Entry<String, String> firstMissing(JsonNode record) {
    for (String rowField : ROW_FIELDS) {
      String field = mapped.get(rowField);
      if (field != null && lookup(record, field).isMissingNode()) {
        return Map.entry("fields." + rowField, field);
      }
    }
    for (String field : metadata) {
      if (lookup(record, field).isMissingNode()) {
        return Map.entry("metadata", field);
      }
    }
    return null;
  }

  /** The text of the record field mapped to {@code rowField}; null when unmapped or null. */
  String text(JsonNode record, String rowField) {
    String field = mapped.get(rowField);
    if (field == null) {
      return null;
    }
    JsonNode value = lookup(record, field);
    return value.isMissingNode() || value.isNull() ? null : value.asText();
  }

  /** The metadata fields of a record, or null when none are mapped. */
  ObjectNode metadataOf(JsonNode record) {
    if (metadata.isEmpty()) {
      return null;
    }
    ObjectNode out = Rows.JSON.createObjectNode();
    for (String field : metadata) {
      out.set(field, lookup(record, field).deepCopy());
    }
    return out;
  }

  private static JsonNode lookup(JsonNode record, String field) {
    if (field.startsWith("/")) {
      return record.at(field);
    }
    JsonNode value = record.get(field);
    return value == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : value;
  }
}
