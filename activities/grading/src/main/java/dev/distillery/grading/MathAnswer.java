package dev.distillery.grading;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The shape of a normalized answer: an expression, text, or a structure of answers (a tuple, an
 * unordered set or list, an interval, a union, a relation such as {@code x = 3}, a matrix).
 *
 * @param kind the shape
 * @param expr the parsed expression ({@code EXPR} only)
 * @param text the compact normalized text, for every kind
 * @param items the parts (tuple, set and list elements, interval ends, union members, relation
 *     sides, matrix rows)
 * @param op a relation's operator ({@code =}, {@code <}, {@code \le}, ...) or an interval's
 *     brackets ({@code "[)"})
 */
record MathAnswer(Kind kind, MathExpr expr, String text, List<MathAnswer> items, String op) {
  enum Kind {
    EXPR,
    TEXT,
    TUPLE,
    SET,
    LIST,
    INTERVAL,
    UNION,
    RELATION
  }

  /** Most parts a structure may have; a longer one is compared as text. */
  static final int MAX_ITEMS = 64;

  private static final String[] RELATIONS = {"\\le", "\\ge", "\\ne", "=", "<", ">"};

  /** The shape of {@code normalized} ({@link MathNormalizer#normalize} output). */
  static MathAnswer parse(String normalized, int depth) {
    String s = normalized.strip();
    String compact = MathNormalizer.compact(s);
    if (depth > 8 || s.isEmpty()) {
      return text(compact);
    }
    List<String> inParts = split(s, "\\in");
    if (inParts.size() > 1) {
      return parse(inParts.get(inParts.size() - 1), depth + 1);
    }
    List<String> union = split(s, "\\cup");
    if (union.size() > 1) {
      return structure(Kind.UNION, compact, union, null, depth);
    }
    List<String> list = splitList(s);
    if (list.size() > 1) {
      return structure(Kind.LIST, compact, list, null, depth);
    }
    MathAnswer relation = relation(s, compact, depth);
    if (relation != null) {
      return relation;
    }
    List<String> pm = split(s, "\\pm");
    if (pm.size() == 2) {
      return structure(
          Kind.LIST,
          compact,
          List.of(pm.get(0) + "+" + pm.get(1), pm.get(0) + "-" + pm.get(1)),
          null,
          depth);
    }
    if (s.startsWith("\\begin{") && s.endsWith("matrix}")) {
      return matrix(s, compact, depth);
    }
    if (s.equals("\\emptyset") || s.equals("\\{\\}")) {
      return new MathAnswer(Kind.SET, null, compact, List.of(), null);
    }
    if (s.startsWith("\\{") && s.endsWith("\\}") && closes(s, 1, s.length() - 1)) {
      return structure(Kind.SET, compact, split(s.substring(2, s.length() - 2), ","), null, depth);
    }
    char first = s.charAt(0);
    char last = s.charAt(s.length() - 1);
    if ((first == '(' || first == '[')
        && (last == ')' || last == ']')
        && closes(s, 0, s.length() - 1)) {
      List<String> parts = split(s.substring(1, s.length() - 1), ",");
      if (parts.size() == 2 && (first == '[' || last == ']' || s.contains("\\infty"))) {
        return structure(Kind.INTERVAL, compact, parts, "" + first + last, depth);
      }
      if (parts.size() > 1) {
        return structure(Kind.TUPLE, compact, parts, null, depth);
      }
    }
    try {
      return new MathAnswer(Kind.EXPR, MathParser.parse(s), compact, List.of(), null);
    } catch (MathParser.ParseException e) {
      return text(compact);
    }
  }

  static MathAnswer text(String compact) {
    return new MathAnswer(Kind.TEXT, null, compact.toLowerCase(Locale.ROOT), List.of(), null);
  }

  private static MathAnswer structure(
      Kind kind, String compact, List<String> parts, String op, int depth) {
    if (parts.size() > MAX_ITEMS) {
      return text(compact);
    }
    List<MathAnswer> items = new ArrayList<>();
    for (String part : parts) {
      items.add(parse(part, depth + 1));
    }
    return new MathAnswer(kind, null, compact, items, op);
  }

  /** {@code a = b}, {@code a < b}, ...; a chain {@code 1 < x \le 3} is the interval it names. */
  private static MathAnswer relation(String s, String compact, int depth) {
    List<String> parts = new ArrayList<>();
    List<String> ops = new ArrayList<>();
    int level = 0;
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      int nesting = nesting(s.charAt(i));
      level += nesting;
      if (nesting == 0 && level == 0) {
        for (String op : RELATIONS) {
          if (tokenAt(s, i, op)) {
            parts.add(s.substring(start, i));
            ops.add(op);
            i += op.length() - 1;
            start = i + 1;
            break;
          }
        }
      }
    }
    if (ops.isEmpty() || parts.size() > MAX_ITEMS) {
      return null;
    }
    parts.add(s.substring(start));
    if (ops.size() == 2 && ascending(ops.get(0)) && ascending(ops.get(1))) {
      String brackets = (ops.get(0).equals("<") ? "(" : "[") + (ops.get(1).equals("<") ? ")" : "]");
      return structure(
          Kind.INTERVAL, compact, List.of(parts.get(0), parts.get(2)), brackets, depth);
    }
    if (ops.size() == 2 && descending(ops.get(0)) && descending(ops.get(1))) {
      String brackets = (ops.get(1).equals(">") ? "(" : "[") + (ops.get(0).equals(">") ? ")" : "]");
      return structure(
          Kind.INTERVAL, compact, List.of(parts.get(2), parts.get(0)), brackets, depth);
    }
    String op = ops.get(ops.size() - 1);
    return structure(
        Kind.RELATION, compact, List.of(parts.get(0), parts.get(parts.size() - 1)), op, depth);
  }

  private static boolean ascending(String op) {
    return op.equals("<") || op.equals("\\le");
  }

  private static boolean descending(String op) {
    return op.equals(">") || op.equals("\\ge");
  }

  private static MathAnswer matrix(String s, String compact, int depth) {
    int open = s.indexOf('}') + 1;
    int close = s.lastIndexOf("\\end{");
    if (open <= 0 || close < open) {
      return text(compact);
    }
    List<String> rows = split(s.substring(open, close), "\\\\");
    rows.removeIf(String::isBlank);
    List<String> cells = new ArrayList<>();
    List<MathAnswer> rowAnswers = new ArrayList<>();
    for (String row : rows) {
      List<String> rowCells = split(row, "&");
      cells.addAll(rowCells);
      rowAnswers.add(structure(Kind.TUPLE, MathNormalizer.compact(row), rowCells, null, depth));
    }
    boolean vector = rows.size() == 1 || cells.size() == rows.size();
    if (vector) {
      return structure(Kind.TUPLE, compact, cells, null, depth);
    }
    return rowAnswers.size() > MAX_ITEMS
        ? text(compact)
        : new MathAnswer(Kind.TUPLE, null, compact, rowAnswers, null);
  }

  /** Parts of a bare list: top-level commas or semicolons, or the words "and" and "or". */
  private static List<String> splitList(String s) {
    List<String> parts = split(s, ",");
    if (parts.size() == 1) {
      parts = split(s, ";");
    }
    if (parts.size() == 1) {
      parts = split(s, " and ");
    }
    if (parts.size() == 1) {
      parts = split(s, " or ");
    }
    return parts;
  }

  /** Whether the bracket at {@code open} is closed exactly at {@code close}. */
  private static boolean closes(String s, int open, int close) {
    int level = 0;
    for (int i = open; i <= close; i++) {
      int nesting = nesting(s.charAt(i));
      level += nesting;
      if (nesting < 0 && level == 0 && i < close) {
        return false;
      }
    }
    return level == 0;
  }

  /** 1 for an opening bracket, -1 for a closing one, 0 for any other character. */
  private static int nesting(char c) {
    if (c == '(' || c == '[' || c == '{') {
      return 1;
    }
    return c == ')' || c == ']' || c == '}' ? -1 : 0;
  }

  /**
   * Whether {@code token} stands at {@code i} of {@code s}; a command such as {@code \le} only when
   * no letter follows (not in {@code \left}).
   */
  private static boolean tokenAt(String s, int i, String token) {
    boolean command = token.startsWith("\\") && Character.isLetter(token.charAt(1));
    return s.startsWith(token, i)
        && !(command
            && i + token.length() < s.length()
            && Character.isLetter(s.charAt(i + token.length())));
  }

  /** {@code s} split at {@code separator} where it is outside every bracket. */
  static List<String> split(String s, String separator) {
    List<String> parts = new ArrayList<>();
    int level = 0;
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      level += nesting(s.charAt(i));
      if (level == 0 && tokenAt(s, i, separator)) {
        parts.add(s.substring(start, i).strip());
        i += separator.length() - 1;
        start = i + 1;
      }
    }
    parts.add(s.substring(start).strip());
    return parts;
  }
}
