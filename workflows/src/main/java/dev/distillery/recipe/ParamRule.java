package dev.distillery.recipe;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A check on one parameter's value beyond its type, for example {@code keep} in (0, 1]. A kind's
 * params record declares the usual ones on its {@link Param}s ({@link ParamSpecs#rules}); a kind
 * writes others itself in {@link StageKindSpec#rules}.
 *
 * @param param the parameter name
 * @param requirement what a valid value looks like, completing "must be ..." in error messages
 * @param accepts true for valid values; only called with values of the parameter's type
 * @param hint for a rejected value, what is wrong with it and the fix; null for the default hint
 *     (the closest allowed value, or the parameter's doc)
 */
public record ParamRule(
    String param,
    String requirement,
    Predicate<JsonNode> accepts,
    Function<JsonNode, String> hint) {

  /** A rule with the default hint. */
  public ParamRule(String param, String requirement, Predicate<JsonNode> accepts) {
    this(param, requirement, accepts, null);
  }

  /** The value must be an integer or number of at least {@code min}. */
  public static ParamRule atLeast(String param, long min) {
    BigDecimal least = BigDecimal.valueOf(min);
    return new ParamRule(param, "at least " + min, v -> v.decimalValue().compareTo(least) >= 0);
  }

  /** The value must be greater than 0 and at most 1. */
  public static ParamRule fraction(String param) {
    return new ParamRule(
        param,
        "in (0, 1]",
        v -> v.decimalValue().signum() > 0 && v.decimalValue().compareTo(BigDecimal.ONE) <= 0);
  }

  /** The value must be a number of at least 0. */
  public static ParamRule nonNegative(String param) {
    return atLeast(param, 0);
  }

  /** Every value of a mapping must be a number of at least 0. */
  public static ParamRule nonNegativeValues(String param) {
    return new ParamRule(
        param,
        "a mapping whose values are all at least 0",
        v -> {
          for (JsonNode e : v) {
            if (e.decimalValue().signum() < 0) {
              return false;
            }
          }
          return true;
        });
  }

  /**
   * The value must be a prompt template whose {@code {name}} placeholders are all in {@code known}
   * and, when {@code required} is not null, include it.
   */
  public static ParamRule template(String param, List<String> known, String required) {
    return new ParamRule(
        param,
        "a template whose placeholders are among "
            + Templates.braces(known)
            + (required == null ? "" : ", with {" + required + "}"),
        v -> Templates.problem(v.asText(), known, required) == null,
        v -> Templates.problem(v.asText(), known, required));
  }

  /** The value must be an endpoint URL: http(s) with a host, or {@code simulated://}. */
  public static ParamRule endpointUrl(String param) {
    return new ParamRule(
        param,
        EndpointUrls.REQUIREMENT,
        v -> EndpointUrls.problem(v.asText()) == null,
        v -> EndpointUrls.problem(v.asText()));
  }

  /**
   * The value must be a {@link SafeName}: one file name, which cannot point outside the folder it
   * is written to.
   */
  public static ParamRule safeName(String param) {
    return new ParamRule(param, "a name of " + SafeName.RULE, v -> SafeName.isValid(v.asText()));
  }

  /** A similarity threshold in (0, 100], as {@code fuzz.ratio} scores. */
  public static ParamRule percent(String param) {
    return new ParamRule(
        param,
        "in (0, 100]",
        v ->
            v.decimalValue().signum() > 0
                && v.decimalValue().compareTo(BigDecimal.valueOf(100)) <= 0);
  }

  /** The value must be one of the given strings. */
  public static ParamRule oneOf(String param, String... allowed) {
    List<String> values = List.of(allowed);
    return new ParamRule(
        param, "one of: " + String.join(", ", values), v -> values.contains(v.asText()));
  }
}
