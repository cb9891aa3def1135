package dev.distillery.recipe;

/**
 * One thing wrong with a recipe or sweep file, located for the user.
 *
 * @param file the file as the user named it
 * @param line 1-based line, or 0 when unknown
 * @param column 1-based column, or 0 when unknown
 * @param message what is wrong
 * @param hint how to fix it, may be empty
 */
public record Problem(String file, int line, int column, String message, String hint) {
  /** Formats as {@code file:line:column: message (hint)}. */
  public String format() {
    String where = file + ":" + line + ":" + column;
    return hint == null || hint.isEmpty()
        ? where + ": " + message
        : where + ": " + message + "\n    hint: " + hint;
  }
}
