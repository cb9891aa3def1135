package dev.distillery.recipe;

/** The type of one stage parameter, as checked by the recipe validator. */
public enum ParamType {
  STRING,
  INTEGER,
  NUMBER,
  BOOLEAN,
  /** A YAML sequence of strings. */
  STRING_LIST,
  /** A YAML mapping from string keys to strings. */
  STRING_MAP,
  /** A YAML mapping from string keys to numbers. */
  NUMBER_MAP,
  /** A YAML mapping from string keys to scalars: strings, numbers, booleans or null. */
  SCALAR_MAP;

  /** The word used for this type in error messages, as a recipe author would write it. */
  public String display() {
    return switch (this) {
      case STRING -> "a string";
      case INTEGER -> "an integer";
      case NUMBER -> "a number";
      case BOOLEAN -> "true or false";
      case STRING_LIST -> "a list of strings";
      case STRING_MAP -> "a mapping of names to strings";
      case NUMBER_MAP -> "a mapping of names to numbers";
      case SCALAR_MAP -> "a mapping of names to values (strings, numbers, true/false or null)";
    };
  }
}
