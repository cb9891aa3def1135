package dev.distillery.recipe;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code {name}} placeholders of prompt templates, which stages fill in by plain replacement.
 * Braces that belong to LaTeX ({@code \boxed{answer}}, {@code \frac{a}{b}}, {@code x^{n}}) or are
 * escaped ({@code \{x\}}) are not placeholders.
 */
final class Templates {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)\\}");

  private Templates() {}

  /** The placeholder names written in {@code template}, in order, repeats included. */
  static List<String> placeholders(String template) {
    List<String> names = new ArrayList<>();
    Matcher m = PLACEHOLDER.matcher(template);
    while (m.find()) {
      if (!isLatex(template, m.start())) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  /**
   * What is wrong with {@code template}, with the fix, or null: a placeholder not in {@code known},
   * or {@code required} (when not null) missing.
   */
  static String problem(String template, List<String> known, String required) {
    List<String> names = placeholders(template);
    for (String name : names) {
      if (!known.contains(name)) {
        String did = Suggest.closest(name, known).map(c -> "did you mean {" + c + "}? ").orElse("");
        return "{"
            + name
            + "} is not a placeholder and would be sent as written: "
            + did
            + "the placeholders are "
            + braces(known);
      }
    }
    if (required != null && !names.contains(required)) {
      return "there is no {"
          + required
          + "}, so every request would send the same prompt without the "
          + required
          + "; put {"
          + required
          + "} where it goes";
    }
    return null;
  }

  /** {@code {a}, {b}, {c}}. */
  static String braces(List<String> names) {
    return String.join(", ", names.stream().map(n -> "{" + n + "}").toList());
  }

  /** Whether the brace at {@code open} is escaped or is the argument of LaTeX markup. */
  private static boolean isLatex(String text, int open) {
    if (open == 0) {
      return false;
    }
    char before = text.charAt(open - 1);
    if (before == '\\' || before == '}' || before == '^' || before == '_') {
      return true;
    }
    int i = open - 1;
    while (i >= 0 && Character.isLetter(text.charAt(i))) {
      i--;
    }
    return i >= 0 && i < open - 1 && text.charAt(i) == '\\';
  }
}
