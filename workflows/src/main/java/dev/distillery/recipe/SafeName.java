package dev.distillery.recipe;

import java.util.regex.Pattern;

/**
 * The one rule for names that become parts of store keys or file names: sweep and experiment names
 * in sweep files and on the command line, and an export's {@code dataset_name}. A valid name is one
 * path segment, so it can never point outside the folder it is joined to.
 */
public final class SafeName {
  /** The longest valid name. */
  public static final int MAX_LENGTH = 100;

  /** The rule in words, completing "must be ..." in error messages and documentation. */
  public static final String RULE =
      "1 to "
          + MAX_LENGTH
          + " letters, digits, '.', '-' and '_', starting with a letter or digit, without '..'";

  private static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  private SafeName() {}

  /** Whether {@code name} follows {@link #RULE}; false for null. */
  public static boolean isValid(String name) {
    return name != null
        && name.length() <= MAX_LENGTH
        && PATTERN.matcher(name).matches()
        && !name.contains("..");
  }
}
