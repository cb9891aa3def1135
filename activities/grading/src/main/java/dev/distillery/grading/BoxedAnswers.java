package dev.distillery.grading;

import java.util.Locale;
import java.util.Optional;

/**
 * Finds the final answer in a model's response. In order: the content of the last {@code
 * \boxed{...}} or {@code \fbox{...}} (nested braces allowed; {@code \boxed 5} too); else what
 * follows the last "final answer is", "answer is" or "Answer:" up to the end of its sentence; else
 * the last inline formula ({@code $...$}, {@code \(...\)}, {@code \[...\]}) of the last non-blank
 * line; else that whole line. Scanning is linear in the text's length.
 */
public final class BoxedAnswers {
  private static final String[] BOX_COMMANDS = {"\\boxed", "\\fbox"};
  private static final String[] ANSWER_PHRASES = {"final answer is", "answer is", "answer:"};

  /** Longest phrase answer kept: a sentence, not the rest of a rambling response. */
  private static final int MAX_PHRASE_ANSWER = 500;

  private BoxedAnswers() {}

  /**
   * The content of the last {@code \boxed{}} or {@code \fbox{}} in {@code text}, trimmed. Empty
   * when there is none, or when the last one is never closed (a truncated response).
   */
  public static Optional<String> lastBoxed(String text) {
    if (text == null) {
      return Optional.empty();
    }
    int at = -1;
    String command = null;
    for (String c : BOX_COMMANDS) {
      int i = lastCommand(text, c);
      if (i > at) {
        at = i;
        command = c;
      }
    }
    if (at < 0) {
      return Optional.empty();
    }
    int i = at + command.length();
    while (i < text.length() && text.charAt(i) == ' ') {
      i++;
    }
    if (i < text.length() && text.charAt(i) == '{') {
      int close = closingBrace(text, i);
      return close < 0 ? Optional.empty() : Optional.of(text.substring(i + 1, close).trim());
    }
    // \boxed 5: the argument runs to the next space or dollar sign.
    int end = i;
    while (end < text.length() && " $\n".indexOf(text.charAt(end)) < 0) {
      end++;
    }
    return end > i ? Optional.of(text.substring(i, end)) : Optional.empty();
  }

  /** The final answer of {@code text} by the rules in the class comment, or empty. */
  public static Optional<String> finalAnswer(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    if (lastCommand(text, "\\boxed") >= 0 || lastCommand(text, "\\fbox") >= 0) {
      return lastBoxed(text);
    }
    Optional<String> phrase = afterPhrase(text);
    if (phrase.isPresent()) {
      return phrase;
    }
    String line = lastLine(text);
    Optional<String> formula = lastFormula(line);
    return formula.isPresent() ? formula : Optional.of(line);
  }

  /**
   * The last inline formula of {@code text} ({@code $...$}, {@code $$...$$}, {@code \(...\)} or
   * {@code \[...\]}), trimmed; empty when there is none.
   */
  public static Optional<String> lastFormula(String text) {
    String best = null;
    int bestEnd = -1;
    for (String[] d : new String[][] {{"\\(", "\\)"}, {"\\[", "\\]"}}) {
      int close = text.lastIndexOf(d[1]);
      int open = close < 0 ? -1 : text.lastIndexOf(d[0], close);
      if (open >= 0 && close > bestEnd) {
        bestEnd = close;
        best = text.substring(open + 2, close);
      }
    }
    int close = lastUnescapedDollar(text, text.length());
    if (close > 0 && text.charAt(close - 1) == '$') {
      close--;
    }
    if (close > bestEnd) {
      int open = lastUnescapedDollar(text, close);
      if (open >= 0) {
        best = text.substring(open + 1, close);
      }
    }
    return best == null || best.isBlank() ? Optional.empty() : Optional.of(best.trim());
  }

  /**
   * The last number (digits with an optional sign, separators and decimals) of {@code text} that is
   * not glued to a preceding letter ({@code K2} is no number).
   */
  public static Optional<String> lastNumber(String text) {
    int end = text.length();
    while (end > 0) {
      while (end > 0 && !Character.isDigit(text.charAt(end - 1))) {
        end--;
      }
      if (end == 0) {
        return Optional.empty();
      }
      int start = end;
      while (start > 0) {
        char c = text.charAt(start - 1);
        boolean separator =
            (c == ',' || c == '.') && start - 2 >= 0 && Character.isDigit(text.charAt(start - 2));
        if (Character.isDigit(c) || separator) {
          start--;
        } else {
          break;
        }
      }
      if (start > 0 && text.charAt(start - 1) == '.') {
        start--;
      }
      if (start > 0 && text.charAt(start - 1) == '-') {
        start--;
      }
      if (start == 0 || !Character.isLetter(text.charAt(start - 1))) {
        return Optional.of(text.substring(start, end));
      }
      end = start;
    }
    return Optional.empty();
  }

  private static Optional<String> afterPhrase(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    for (String phrase : ANSWER_PHRASES) {
      int at = lower.lastIndexOf(phrase);
      if (at < 0) {
        continue;
      }
      int start = at + phrase.length();
      int end = sentenceEnd(text, start);
      String answer = text.substring(start, end).trim();
      if (answer.startsWith(":")) {
        answer = answer.substring(1).trim();
      }
      if (!answer.isEmpty() && answer.length() <= MAX_PHRASE_ANSWER) {
        return Optional.of(answer);
      }
    }
    return Optional.empty();
  }

  /**
   * Where the sentence starting at {@code from} ends: a newline, or a period, question or
   * exclamation mark followed by white space or the end, outside any {@code $...$} formula.
   */
  private static int sentenceEnd(String text, int from) {
    boolean inFormula = false;
    int limit = Math.min(text.length(), from + MAX_PHRASE_ANSWER + 1);
    for (int i = from; i < limit; i++) {
      char c = text.charAt(i);
      if (c == '$' && (i == 0 || text.charAt(i - 1) != '\\')) {
        inFormula = !inFormula;
      } else if (c == '\n' && (i > from && !text.substring(from, i).isBlank())) {
        return i;
      } else if (!inFormula
          && (c == '.' || c == '!' || c == '?')
          && (i + 1 == text.length() || Character.isWhitespace(text.charAt(i + 1)))) {
        return i;
      }
    }
    return limit;
  }

  private static String lastLine(String text) {
    String stripped = text.strip();
    int newline = stripped.lastIndexOf('\n');
    return stripped.substring(newline + 1).strip();
  }

  private static int lastUnescapedDollar(String text, int before) {
    for (int i = before - 1; i >= 0; i--) {
      if (text.charAt(i) == '$' && (i == 0 || text.charAt(i - 1) != '\\')) {
        return i;
      }
    }
    return -1;
  }

  /** The last {@code command} not followed by a letter ({@code \boxed}, not {@code \boxedx}). */
  private static int lastCommand(String text, String command) {
    int from = text.length();
    while (from >= 0) {
      int at = text.lastIndexOf(command, from);
      if (at < 0) {
        return -1;
      }
      int next = at + command.length();
      if (next >= text.length() || !Character.isLetter(text.charAt(next))) {
        return at;
      }
      from = at - 1;
    }
    return -1;
  }

  /** The index of the brace closing the one at {@code open}, or -1. */
  static int closingBrace(String text, int open) {
    int depth = 0;
    for (int i = open; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\' && i + 1 < text.length()) {
        i++;
      } else if (c == '{') {
        depth++;
      } else if (c == '}' && --depth == 0) {
        return i;
      }
    }
    return -1;
  }
}
