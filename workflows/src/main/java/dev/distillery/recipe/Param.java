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
 * ParamSpecs#read} reads it back. The checks on its value beyond the type ({@link #min}, {@link
 * #oneOf}, ...) become the kind's {@link ParamRule}s ({@link ParamSpecs#rules}).
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

  /**
   * Whether the param names files the kind's stages read (local paths or URIs): a path, a list of
   * them, or a mapping of names to them; the kind's {@link StageKindSpec#fileParams}.
   */
  boolean file() default false;

  /** An integer or number param's smallest value ({@link ParamRule#atLeast}); none by default. */
  long min() default Long.MIN_VALUE;

  /** Whether a number param must be in (0, 1] ({@link ParamRule#fraction}). */
  boolean fraction() default false;

  /** Whether a number param must be in (0, 100] ({@link ParamRule#percent}). */
  boolean percent() default false;

  /** A string param's allowed values ({@link ParamRule#oneOf}); any value when empty. */
  String[] oneOf() default {};

  /**
   * Whether every value of a number mapping must be at least 0 ({@link
   * ParamRule#nonNegativeValues}).
   */
  boolean nonNegativeValues() default false;

  /** Whether a string param is an endpoint URL ({@link ParamRule#endpointUrl}). */
  boolean endpointUrl() default false;

  /** Whether a string param is a {@link SafeName} ({@link ParamRule#safeName}). */
  boolean safeName() default false;

  /**
   * For a prompt template param, the {@code {name}} placeholders it may use ({@link
   * ParamRule#template}); not a template when empty.
   */
  String[] placeholders() default {};

  /** With {@link #placeholders}: the placeholder the template must include; none when empty. */
  String requiredPlaceholder() default "";
}
