package dev.distillery.recipe;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One parameter a stage kind accepts.
 *
 * @param name the key in the stage's {@code params} mapping
 * @param type the accepted type
 * @param required whether the recipe must set it; when false, {@code defaultValue} applies
 * @param defaultValue the value used when the recipe omits it, or null for "absent"
 * @param affectsOutput whether the parameter changes the stage's output; parameters that only tune
 *     execution (concurrency, retries, timeouts) are left out of the content address, so changing
 *     them reuses finished work
 * @param doc one line shown in errors and {@code --help}
 */
public record ParamSpec(
    String name,
    ParamType type,
    boolean required,
    JsonNode defaultValue,
    boolean affectsOutput,
    String doc) {

  public static ParamSpec required(String name, ParamType type, String doc) {
    return new ParamSpec(name, type, true, null, true, doc);
  }

  public static ParamSpec optional(String name, ParamType type, JsonNode defaultValue, String doc) {
    return new ParamSpec(name, type, false, defaultValue, true, doc);
  }

  /** An optional parameter that tunes execution only and is excluded from the content address. */
  public static ParamSpec tuning(String name, ParamType type, JsonNode defaultValue, String doc) {
    return new ParamSpec(name, type, false, defaultValue, false, doc);
  }
}
