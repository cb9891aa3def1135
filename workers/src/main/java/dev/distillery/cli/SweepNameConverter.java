package dev.distillery.cli;

import dev.distillery.recipe.SafeName;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Checks a {@code SWEEP} argument against the rule sweep files follow ({@link SafeName}) before any
 * service is asked, so that a name like {@code ../sweeps/other} never becomes a store key.
 */
final class SweepNameConverter implements ITypeConverter<String> {
  @Override
  public String convert(String value) {
    if (!SafeName.isValid(value)) {
      throw new TypeConversionException(
          "'"
              + value
              + "' is not a sweep name; a sweep name (the `sweep:` of its file) is "
              + SafeName.RULE
              + ". `distill ls` lists the sweeps in the store.");
    }
    return value;
  }
}
