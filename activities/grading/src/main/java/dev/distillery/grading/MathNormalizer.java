package dev.distillery.grading;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites an extracted answer into a canonical LaTeX-ish string for comparison: math delimiters,
 * dollar signs, {@code \left}/{@code \right}, sizing and spacing commands removed; {@code
 * \dfrac}/{@code \tfrac}/{@code \cfrac} written {@code \frac}; degrees, percent signs and units
 * ({@code \text{ cm}}, {@code 16 square units}) dropped; {@code \text{...}} unwrapped; thousands
 * separators ({@code 14{,}916}, {@code 7,425,000}) removed; operators in one spelling ({@code
 * \cdot} and {@code \times} as {@code *}, {@code \leq} as {@code \le}, {@code ∞} as {@code
 * \infty}); a trailing period dropped; white space collapsed. Values are left as written: {@code
 * 0.50} stays {@code 0.50}; comparing values is {@link MathEquivalence}'s work.
 */
public final class MathNormalizer {
  /** Longest answer normalized; a longer one is cut here (no real answer is this long). */
  static final int MAX_LENGTH = 4_000;

  private static final String[][] REPLACEMENTS = {
    {"\\left.", ""},
    {"\\right.", ""},
    {"\\displaystyle", ""},
    {"\\textstyle", ""},
    {"\\left", ""},
    {"\\right", ""},
    {"\\!", ""},
    {"\\,", " "},
    {"\\;", " "},
    {"\\:", " "},
    {"\\ ", " "},
    {"\\qquad", " "},
    {"\\quad", " "},
    {"~", " "},
    {"\\dfrac", "\\frac"},
    {"\\tfrac", "\\frac"},
    {"\\cfrac", "\\frac"},
    {"\\dbinom", "\\binom"},
    {"\\tbinom", "\\binom"},
    {"^{\\circ}", ""},
    {"^\\circ", ""},
    {"\\circ", ""},
    {"\\degree", ""},
    {"°", ""},
    {"\\%", ""},
    {"%", ""},
    {"\\$", ""},
    {"$", ""},
    {"\\(", ""},
    {"\\)", ""},
    {"\\[", ""},
    {"\\]", ""},
    {"{,}", ""},
    {"\\times", "*"},
    {"\\cdot", "*"},
    {"\\ast", "*"},
    {"×", "*"},
    {"·", "*"},
    {"\\div", "/"},
    {"÷", "/"},
    {"−", "-"},
    {"–", "-"},
    {"\\leqslant", "\\le"},
    {"\\geqslant", "\\ge"},
    {"\\leq", "\\le"},
    {"\\geq", "\\ge"},
    {"\\neq", "\\ne"},
    {"≤", "\\le"},
    {"≥", "\\ge"},
    {"≠", "\\ne"},
    {"\\lt", "<"},
    {"\\gt", ">"},
    {"∞", "\\infty"},
    {"π", "\\pi"},
    {"√", "\\sqrt"},
    {"∪", "\\cup"},
    {"\\langle", "("},
    {"\\rangle", ")"},
    {"\\lbrace", "\\{"},
    {"\\rbrace", "\\}"},
    {"\\varnothing", "\\emptyset"},
  };

  private static final Pattern SIZING = Pattern.compile("\\\\[bB]igg?[lr]?(?![a-zA-Z])");
  private static final Pattern TEXT_COMMAND =
      Pattern.compile(
          "\\\\(?:text|textbf|textit|textrm|texttt|mathrm|mathbf|mathit|mathsf|mbox|operatorname"
              + "|emph|hbox)\\s*\\{");
  private static final Pattern TRAILING_TEXT_UNIT =
      Pattern.compile(
          "^(.*?[0-9}a-zA-Z)])\\s*\\\\(?:text|mbox|mathrm|textbf)\\s*\\{\\s*[a-zA-Z][a-zA-Z ."
              + "]*\\}(?:\\^\\{?[23]\\}?)?\\s*\\.?$");
  private static final Pattern UNIT_WORDS =
      Pattern.compile(
          "(?<![\\\\A-Za-z])(?:square\\s+|sq\\.?\\s+|cubic\\s+)?(?:units?|ways|dollars?|cents?|mph"
              + "|inch(?:es)?|in\\.|feet|foot|ft|hours?|hrs?|minutes?|mins?|seconds?|secs?|km|cm"
              + "|mm|meters?|metres?|miles?|degrees?|points?|digits?|students?|pounds?|lbs?|gm"
              + "|kg|grams?|days?|years?|people|persons?|liters?|litres?|percent|pct|edges"
              + "|meals|integers|multiples|mph|m/s|sq)(?:\\^\\{?[23]\\}?|\\s*\\^\\s*[23])?"
              + "(?![A-Za-z])");
  private static final Pattern WHOLE_THOUSANDS =
      Pattern.compile("^-?\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?$");
  private static final Pattern SPACE_THOUSANDS = Pattern.compile("^-?\\d{1,3}(?: \\d{3})+$");
  private static final Pattern SPACES = Pattern.compile("\\s+");

  private MathNormalizer() {}

  /** The canonical form of {@code answer} (see the class comment). */
  public static String normalize(String answer) {
    if (answer == null) {
      return "";
    }
    String s = answer.length() > MAX_LENGTH ? answer.substring(0, MAX_LENGTH) : answer;
    s = SPACES.matcher(s).replaceAll(" ");
    s = s.replace(",\\!", "").replace("\\\\", "\u0000");
    for (String[] r : REPLACEMENTS) {
      if (s.contains(r[0])) {
        s = s.replace(r[0], r[1]);
      }
    }
    // A matrix's row separator, kept apart from the spacing command "\ " above.
    s = s.replace("\u0000", "\\\\");
    s = SIZING.matcher(s).replaceAll("");
    s = s.strip();
    s = stripTrailingPeriod(s);
    Matcher unit = TRAILING_TEXT_UNIT.matcher(s);
    if (unit.matches() && containsDigit(unit.group(1))) {
      s = unit.group(1);
    }
    s = unwrap(s, TEXT_COMMAND);
    if (containsDigit(s)) {
      String withoutUnits = UNIT_WORDS.matcher(s).replaceAll(" ");
      if (containsDigit(withoutUnits)) {
        s = withoutUnits;
      }
    }
    s = SPACES.matcher(s).replaceAll(" ").strip();
    s = stripTrailingPeriod(s);
    if (WHOLE_THOUSANDS.matcher(s).matches()) {
      s = s.replace(",", "");
    } else if (SPACE_THOUSANDS.matcher(s).matches()) {
      s = s.replace(" ", "");
    }
    return s;
  }

  /** {@code normalize} without spaces: the form two answers are compared in as strings. */
  public static String compact(String normalized) {
    return normalized.replace(" ", "");
  }

  private static String stripTrailingPeriod(String s) {
    while (s.endsWith(".") || s.endsWith(",") || s.endsWith(";")) {
      if (s.endsWith("\\.")) {
        break;
      }
      s = s.substring(0, s.length() - 1).strip();
    }
    return s;
  }

  private static boolean containsDigit(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isDigit(s.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  /** Replaces every {@code \command{X}} the pattern finds with {@code X}. */
  private static String unwrap(String s, Pattern command) {
    StringBuilder out = new StringBuilder();
    int from = 0;
    Matcher m = command.matcher(s);
    while (m.find(from)) {
      int open = m.end() - 1;
      int close = BoxedAnswers.closingBrace(s, open);
      if (close < 0) {
        break;
      }
      out.append(s, from, m.start()).append(' ').append(s, open + 1, close).append(' ');
      from = close + 1;
    }
    out.append(s, from, s.length());
    return out.toString();
  }
}
