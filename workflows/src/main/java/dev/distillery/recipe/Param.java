package dev.distillery.recipe;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * One stage param, declared on a component of a kind's params record; {@link ParamSpecs#of} makes
 * the kind's {@link ParamSpec} list (hence validation, {@code distill kinds} and the docs) from
 * them. The param's type follows the component's Java type, and its name in recipes is the
 * component's name in snake case ({@code maxTokens} is {@code max_tokens}), as {@link
 * ParamSpecs#read} reads it back.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Param {
  /** Marks a param without a default: absent unless the recipe sets it. */
  String NONE = "\u0000none";

  /** One line shown in errors, {@code distill kinds} and the docs. */
  String doc();

  /**
   * The value used when the recipe omits the param: the text itself for a string param, JSON for
   * any other ({@code "0"}, {@code "1.0"}, {@code "true"}, {@code "[\"question\"]"}). None by
   * default.
   */
  String defaultValue() default NONE;

  /** Whether the recipe must set it; a required param has no default. */
  boolean required() default false;

  /**
   * Whether it only tunes execution (concurrency, retries, timeouts): left out of the content
   * address, so changing it reuses finished work.
   */
  boolean tuning() default false;
}
