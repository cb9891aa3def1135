package dev.distillery.plan;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.recipe.ParamSpec;
import dev.distillery.recipe.StageKind;
import dev.distillery.recipe.StageKinds;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Content addresses of stage outputs: the sha256 of the canonical JSON of the stage's kind, kind
 * version, output-affecting params and input keys. Equal addresses mean equal outputs, so a
 * finished stage with the same address is reused.
 */
public final class ContentAddress {
  /** Each known kind's tuning params, which {@link #key} leaves out. */
  private static final Map<String, Set<String>> TUNING =
      StageKinds.all().stream()
          .collect(
              Collectors.toUnmodifiableMap(
                  StageKind::name,
                  k ->
                      k.params().stream()
                          .filter(p -> !p.affectsOutput())
                          .map(ParamSpec::name)
                          .collect(Collectors.toUnmodifiableSet())));

  private ContentAddress() {}

  /**
   * The content address of a stage.
   *
   * <p>Hashes {@code {"inputKeys":[...],"kind":...,"kindVersion":...,"params":{...}}} in canonical
   * form. Params set to null, and tuning params of a known kind ({@link ParamSpec#affectsOutput()}
   * false), are left out.
   *
   * @param kind the stage kind name
   * @param kindVersion the kind's version
   * @param params the stage's params, defaults filled in
   * @param inputKeys the content addresses of the stages it reads, in recipe order
   * @return 64 lowercase hex chars
   */
  public static String key(
      String kind, int kindVersion, ObjectNode params, List<String> inputKeys) {
    return sha256(keyDocument(kind, kindVersion, params, inputKeys));
  }

  /**
   * The canonical JSON that {@link #key} hashes; useful to see why two keys differ.
   *
   * @param kind the stage kind name
   * @param kindVersion the kind's version
   * @param params the stage's params, defaults filled in
   * @param inputKeys the content addresses of the stages it reads, in recipe order
   */
  public static String keyDocument(
      String kind, int kindVersion, ObjectNode params, List<String> inputKeys) {
    Set<String> tuning = TUNING.getOrDefault(kind, Set.of());
    List<String> names = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : params.properties()) {
      if (!tuning.contains(e.getKey()) && !e.getValue().isNull()) {
        names.add(e.getKey());
      }
    }
    names.sort(null);
    // The canonical JSON of {inputKeys, kind, kindVersion, params}, written without building it.
    StringBuilder out = new StringBuilder(256).append("{\"inputKeys\":[");
    for (int i = 0; i < inputKeys.size(); i++) {
      string(inputKeys.get(i), out.append(i > 0 ? "," : ""));
    }
    string(kind, out.append("],\"kind\":"));
    out.append(",\"kindVersion\":").append(kindVersion).append(",\"params\":{");
    for (int i = 0; i < names.size(); i++) {
      string(names.get(i), out.append(i > 0 ? "," : ""));
      write(params.get(names.get(i)), out.append(':'));
    }
    return out.append("}}").toString();
  }

  /**
   * Canonical JSON: object keys sorted, no whitespace, strings escaped as JSON, and numbers
   * normalized so that equal values print alike ({@code 1.0} and {@code 1e3} print as {@code 1} and
   * {@code 1000}, {@code 0.50} as {@code 0.5}; never exponent form).
   *
   * @throws IllegalArgumentException for NaN or infinite numbers, which have no JSON form
   */
  public static String canonicalJson(JsonNode node) {
    StringBuilder out = new StringBuilder();
    write(node, out);
    return out.toString();
  }

  private static void write(JsonNode node, StringBuilder out) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      out.append("null");
    } else if (node.isObject()) {
      List<String> names = new ArrayList<>();
      node.fieldNames().forEachRemaining(names::add);
      names.sort(null);
      out.append('{');
      for (int i = 0; i < names.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        string(names.get(i), out);
        out.append(':');
        write(node.get(names.get(i)), out);
      }
      out.append('}');
    } else if (node.isArray()) {
      out.append('[');
      for (int i = 0; i < node.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        write(node.get(i), out);
      }
      out.append(']');
    } else if (node.isNumber()) {
      out.append(number(node));
    } else if (node.isBoolean()) {
      out.append(node.booleanValue());
    } else {
      string(node.asText(), out);
    }
  }

  /** A number in normalized form: integral values as integers, others as plain decimals. */
  static String number(JsonNode node) {
    if (node.isInt() || node.isLong()) {
      return Long.toString(node.longValue());
    }
    if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
      throw new IllegalArgumentException("no canonical JSON for " + node.asText());
    }
    BigDecimal d = node.decimalValue().stripTrailingZeros();
    return d.scale() <= 0 ? d.toBigIntegerExact().toString() : d.toPlainString();
  }

  private static void string(String s, StringBuilder out) {
    out.append('"');
    JsonStringEncoder.getInstance().quoteAsString(s, out);
    out.append('"');
  }

  private static String sha256(String text) {
    return sha256(text.getBytes(StandardCharsets.UTF_8));
  }

  /** The lowercase hex SHA-256 of {@code bytes}. */
  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
