package dev.distillery.recipe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.List;

/** Checks a stage's params against its kind and fills in defaults. */
final class ParamChecker {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private ParamChecker() {}

  /**
   * Validates {@code params} (null when the stage has none) against {@code kind}.
   *
   * @param pointer where the params mapping is, or would be, in the file
   * @param stage how the stage is named in messages, e.g. {@code stage 'filter'}
   * @return the params with defaults filled in, or null when a problem was reported
   */
  static ObjectNode check(
      StageKind kind, JsonNode params, String pointer, String stage, Diagnostics d) {
    if (params != null && !params.isObject() && !params.isNull()) {
      d.at(
          pointer,
          "'params' of " + stage + " must be a mapping, got " + Diagnostics.describe(params),
          "write params as `params: {name: value}`");
      return null;
    }
    int before = d.count();
    List<String> names = kind.params().stream().map(ParamSpec::name).toList();
    if (params != null) {
      for (Iterator<String> it = params.fieldNames(); it.hasNext(); ) {
        String name = it.next();
        if (kind.param(name).isEmpty()) {
          d.atKey(
              pointer + "/" + YamlTreeReader.escape(name),
              "unknown param '" + name + "' for stage kind '" + kind.name() + "'",
              Suggest.hint(name, names, "params"));
        }
      }
    }
    ObjectNode out = F.objectNode();
    for (ParamSpec spec : kind.params()) {
      JsonNode value = params == null ? null : params.get(spec.name());
      if (value == null || value.isNull()) {
        if (spec.required()) {
          d.at(
              pointer,
              stage + " is missing required param '" + spec.name() + "'",
              "add `" + spec.name() + ":` (" + spec.type().display() + "): " + spec.doc());
        } else if (spec.defaultValue() != null) {
          out.set(spec.name(), spec.defaultValue().deepCopy());
        }
        continue;
      }
      String where = "param '" + spec.name() + "' of " + stage;
      JsonNode checked = checkValue(kind, spec, value, where, pointer + "/" + spec.name(), d);
      if (checked != null) {
        out.set(spec.name(), checked);
      }
    }
    return d.count() == before ? out : null;
  }

  /**
   * Checks one value's type and the kind's rules for it.
   *
   * @param what how the value is named in messages, e.g. {@code param 'keep' of stage 'f'}
   * @return the value normalized (5.0 becomes 5 for integers), or null when a problem was reported
   */
  static JsonNode checkValue(
      StageKind kind, ParamSpec spec, JsonNode value, String what, String pointer, Diagnostics d) {
    JsonNode typed = coerce(spec.type(), value);
    if (typed == null) {
      d.at(
          pointer,
          what + " must be " + spec.type().display() + ", got " + Diagnostics.describe(value),
          spec.name() + ": " + spec.doc());
      return null;
    }
    for (ParamRule rule : StageKinds.rules(kind.name())) {
      if (rule.param().equals(spec.name()) && !rule.accepts().test(typed)) {
        String hint =
            rule.hint() != null
                ? rule.hint().apply(typed)
                : typed.isTextual() && !allowed(rule).isEmpty()
                    ? Suggest.hint(typed.asText(), allowed(rule), "values")
                    : spec.name() + ": " + spec.doc();
        d.at(pointer, what + " must be " + rule.requirement() + ", got " + render(typed), hint);
        return null;
      }
    }
    return typed;
  }

  private static List<String> allowed(ParamRule rule) {
    String req = rule.requirement();
    return req.startsWith("one of: ") ? List.of(req.substring(8).split(", ")) : List.of();
  }

  /** A value as an error message quotes it: strings in quotes, cut after 80 characters. */
  static String render(JsonNode node) {
    if (node.isTextual()) {
      String text = node.asText();
      return "'" + (text.length() > 80 ? text.substring(0, 77) + "..." : text) + "'";
    }
    if (node.isNumber()) {
      return node.decimalValue().toPlainString();
    }
    return node.toString();
  }

  /** The value as the type wants it, or null when it has the wrong type. */
  static JsonNode coerce(ParamType type, JsonNode v) {
    return switch (type) {
      case STRING -> v.isTextual() ? v : null;
      case BOOLEAN -> v.isBoolean() ? v : null;
      case NUMBER -> isFiniteNumber(v) ? v : null;
      case INTEGER -> integer(v);
      case STRING_LIST -> v.isArray() && all(v, JsonNode::isTextual) ? v : null;
      case STRING_MAP -> v.isObject() && all(v, JsonNode::isTextual) ? v : null;
      case NUMBER_MAP -> v.isObject() && all(v, ParamChecker::isFiniteNumber) ? v : null;
      case SCALAR_MAP -> v.isObject() && all(v, JsonNode::isValueNode) ? v : null;
    };
  }

  private static JsonNode integer(JsonNode v) {
    if (v.isIntegralNumber()) {
      return v.canConvertToLong() ? v : null;
    }
    if (!isFiniteNumber(v)) {
      return null;
    }
    BigDecimal d = v.decimalValue().stripTrailingZeros();
    if (d.scale() > 0) {
      return null;
    }
    try {
      return F.numberNode(d.longValueExact());
    } catch (ArithmeticException e) {
      return null;
    }
  }

  private static boolean isFiniteNumber(JsonNode v) {
    return v.isNumber() && Double.isFinite(v.doubleValue());
  }

  private static boolean all(JsonNode container, java.util.function.Predicate<JsonNode> test) {
    for (JsonNode e : container) {
      if (!test.test(e)) {
        return false;
      }
    }
    return true;
  }
}
