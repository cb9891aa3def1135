package dev.distillery.stages;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the final answer out of a teacher's answer text and normalizes answers for comparison. This
 * is a string match, not a math grader: {@code 1/2} and {@code 0.5} differ.
 */
public final class FinalAnswers {
  private static final String BOXED = "\\boxed{";
  private static final Pattern NUMBER = Pattern.compile("-?\\d[\\d,]*(?:\\.\\d+)?|-?\\.\\d+");
  private static final Pattern PLAIN_NUMBER =
      Pattern.compile("-?(?:\\d[\\d,]*(?:\\.\\d*)?|\\.\\d+)");

  private FinalAnswers() {}

  /**
   * The final answer of {@code text}: the content of its last {@code \boxed{...}} (nested braces
   * allowed); else the last number on its last non-blank line; else that whole line. Empty when the
   * text is blank or its last {@code \boxed{} is never closed.
   */
  public static Optional<String> extract(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    int boxed = text.lastIndexOf(BOXED);
    if (boxed >= 0) {
      int depth = 1;
      int start = boxed + BOXED.length();
      for (int i = start; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c == '{') {
          depth++;
        } else if (c == '}' && --depth == 0) {
          return Optional.of(text.substring(start, i).trim());
        }
      }
      return Optional.empty();
    }
    String[] lines = text.strip().split("\\R");
    String last = lines[lines.length - 1].strip();
    Matcher number = NUMBER.matcher(last);
    String found = null;
    while (number.find()) {
      found = number.group();
    }
    return Optional.of(found != null ? found : last);
  }

  /**
   * An answer in comparable form: a surrounding {@code \boxed{}} removed, {@code $} and all
   * whitespace removed, one trailing period removed, lower case, and a plain number written
   * canonically ({@code 0.50} and {@code .5} give {@code 0.5}, {@code 1,000} and {@code 1000.0}
   * give {@code 1000}).
   */
  public static String normalize(String answer) {
    String s = answer == null ? "" : answer.strip();
    if (s.startsWith(BOXED) && s.endsWith("}")) {
      s = s.substring(BOXED.length(), s.length() - 1);
    }
    s = s.replace("$", "").replaceAll("\\s+", "");
    if (s.endsWith(".")) {
      s = s.substring(0, s.length() - 1);
    }
    if (PLAIN_NUMBER.matcher(s).matches()) {
      BigDecimal value = new BigDecimal(s.replace(",", ""));
      return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
    }
    return s.toLowerCase(Locale.ROOT);
  }
}
