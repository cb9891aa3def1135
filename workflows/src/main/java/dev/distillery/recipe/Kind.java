package dev.distillery.recipe;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A stage kind's identity, declared on its class: {@link StageKindSpec}'s {@code name()}, {@code
 * version()}, {@code summary()}, input counts and {@code params()} read it, so a kind class holds
 * only what it does differently (checks, traits, its stage).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Kind {
  /** The {@code kind} written in recipes; unique on the class path. */
  String name();

  /** Part of every content address; bump it when the same params and inputs give other output. */
  int version();

  /** One line for {@code distill kinds}, {@code --help} and the Temporal UI. */
  String summary();

  /** The fewest input stages; 0 for sources. */
  int minInputs() default 1;

  /** The most input stages; 0 for sources. */
  int maxInputs() default 1;

  /** The params record, whose {@link Param} components are the kind's params. */
  Class<? extends Record> params();
}
