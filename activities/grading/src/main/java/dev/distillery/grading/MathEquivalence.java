package dev.distillery.grading;

import dev.distillery.grading.MathAnswer.Kind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides whether two parsed answers are equivalent. Numbers compare exactly as rationals when both
 * are rational ({@code 0.5 = 1/2}, {@code 0.333 != 1/3}); otherwise numerically within a relative
 * {@link #TOLERANCE} ({@code \sqrt{2}/2 = 1/\sqrt{2}}). Expressions with variables compare at
 * {@link #POINTS} pseudo-random points (the same points on every run). Tuples and intervals compare
 * in order, sets, lists and unions in any order; {@code x = 3} matches {@code 3}; {@code x < 3}
 * matches {@code (-\infty, 3)}. All work is charged to one {@link MathExpr.Budget}.
 */
final class MathEquivalence {
  /** Relative tolerance of a numeric comparison. */
  static final double TOLERANCE = 1e-6;

  /** Points an expression with variables is evaluated at. */
  static final int POINTS = 6;

  private final MathExpr.Budget budget;

  MathEquivalence(MathExpr.Budget budget) {
    this.budget = budget;
  }

  boolean equivalent(MathAnswer a, MathAnswer b) {
    budget.spend();
    if (a.text().equals(b.text()) && !a.text().isEmpty()) {
      return true;
    }
    if (a.kind() == Kind.RELATION && b.kind() != Kind.RELATION) {
      return relationMatches(a, b);
    }
    if (b.kind() == Kind.RELATION && a.kind() != Kind.RELATION) {
      return relationMatches(b, a);
    }
    if (isUnordered(a) && isUnordered(b) && a.kind() != Kind.UNION && b.kind() != Kind.UNION) {
      return unordered(stripRelations(a.items(), b.items()), stripRelations(b.items(), a.items()));
    }
    if (a.kind() == Kind.LIST && a.items().size() == 1) {
      return equivalent(a.items().get(0), b);
    }
    switch (a.kind()) {
      case EXPR:
        return b.kind() == Kind.EXPR && sameValue(a.expr(), b.expr());
      case TEXT:
        return false;
      case TUPLE:
        return (b.kind() == Kind.TUPLE || b.kind() == Kind.LIST || openInterval(b))
            && ordered(stripRelations(a.items(), b.items()), stripRelations(b.items(), a.items()));
      case INTERVAL:
        if (b.kind() == Kind.INTERVAL) {
          return a.op().equals(b.op()) && ordered(a.items(), b.items());
        }
        if (b.kind() == Kind.UNION && b.items().size() == 1) {
          return equivalent(a, b.items().get(0));
        }
        return openInterval(a) && b.kind() == Kind.TUPLE && ordered(a.items(), b.items());
      case UNION:
        return b.kind() == Kind.UNION && unordered(a.items(), b.items());
      case RELATION:
        return relations(a, b);
      default:
        return false;
    }
  }

  private static boolean isUnordered(MathAnswer a) {
    return a.kind() == Kind.SET || a.kind() == Kind.LIST;
  }

  private static boolean openInterval(MathAnswer a) {
    return a.kind() == Kind.INTERVAL && a.op().equals("()");
  }

  /** {@code x = 3} against {@code 3}; {@code x < 3} against an interval. */
  private boolean relationMatches(MathAnswer relation, MathAnswer other) {
    MathAnswer lhs = relation.items().get(0);
    MathAnswer rhs = relation.items().get(1);
    if (relation.op().equals("=")) {
      return (isVariable(lhs) && equivalent(rhs, other))
          || (isVariable(rhs) && equivalent(lhs, other));
    }
    MathAnswer interval = asInterval(relation);
    return interval != null && equivalent(interval, other);
  }

  private static MathAnswer asInterval(MathAnswer relation) {
    MathAnswer lhs = relation.items().get(0);
    MathAnswer rhs = relation.items().get(1);
    MathAnswer infinity = MathAnswer.parse("\\infty", 0);
    MathAnswer minusInfinity = MathAnswer.parse("-\\infty", 0);
    boolean strict = relation.op().equals("<") || relation.op().equals(">");
    boolean upper = relation.op().equals("<") || relation.op().equals("\\le");
    MathAnswer bound;
    if (isVariable(lhs)) {
      bound = rhs;
    } else if (isVariable(rhs)) {
      bound = lhs;
      upper = !upper;
    } else {
      return null;
    }
    String close = strict ? ")" : "]";
    String open = strict ? "(" : "[";
    return upper
        ? new MathAnswer(Kind.INTERVAL, null, "", List.of(minusInfinity, bound), "(" + close)
        : new MathAnswer(Kind.INTERVAL, null, "", List.of(bound, infinity), open + ")");
  }

  /**
   * A variable name such as {@code x}, {@code y_1} or {@code \theta}, or a function's {@code f(x)}.
   */
  private static boolean isVariable(MathAnswer a) {
    if (a.kind() == Kind.TUPLE) {
      return a.items().stream().allMatch(MathEquivalence::isVariable);
    }
    if (a.kind() == Kind.EXPR) {
      return a.expr().kind() == MathExpr.Kind.SYMBOL && !a.expr().name().equals("pi")
          || a.expr().kind() == MathExpr.Kind.MUL
              && a.expr().args().size() == 2
              && a.expr().args().get(0).kind() == MathExpr.Kind.SYMBOL
              && a.expr().args().get(1).kind() == MathExpr.Kind.SYMBOL;
    }
    return a.kind() == Kind.TEXT && a.text().matches("[a-z]+(\\([a-z]\\))?");
  }

  private boolean relations(MathAnswer a, MathAnswer b) {
    if (b.kind() != Kind.RELATION) {
      return false;
    }
    MathAnswer al = a.items().get(0);
    MathAnswer ar = a.items().get(1);
    MathAnswer bl = b.items().get(0);
    MathAnswer br = b.items().get(1);
    if (a.op().equals(b.op()) && equivalent(al, bl) && equivalent(ar, br)) {
      return true;
    }
    if (mirror(a.op()).equals(b.op()) && equivalent(al, br) && equivalent(ar, bl)) {
      return true;
    }
    if (a.op().equals("=") && b.op().equals("=") && allExpr(al, ar, bl, br)) {
      // The same equation written differently: a - b is a nonzero constant multiple of c - d.
      MathExpr left =
          MathExpr.op(MathExpr.Kind.ADD, al.expr(), MathExpr.op(MathExpr.Kind.NEG, ar.expr()));
      MathExpr right =
          MathExpr.op(MathExpr.Kind.ADD, bl.expr(), MathExpr.op(MathExpr.Kind.NEG, br.expr()));
      return proportional(left, right);
    }
    MathAnswer ia = asInterval(a);
    MathAnswer ib = asInterval(b);
    return ia != null && ib != null && equivalent(ia, ib);
  }

  private static boolean allExpr(MathAnswer... answers) {
    for (MathAnswer a : answers) {
      if (a.kind() != Kind.EXPR) {
        return false;
      }
    }
    return true;
  }

  private static String mirror(String op) {
    return switch (op) {
      case "<" -> ">";
      case ">" -> "<";
      case "\\le" -> "\\ge";
      case "\\ge" -> "\\le";
      default -> op;
    };
  }

  /** Relations ({@code x = 3}) as their values when the other side has none. */
  private static List<MathAnswer> stripRelations(List<MathAnswer> items, List<MathAnswer> other) {
    for (MathAnswer o : other) {
      if (o.kind() == Kind.RELATION) {
        return items;
      }
    }
    List<MathAnswer> out = new ArrayList<>();
    for (MathAnswer item : items) {
      boolean named =
          item.kind() == Kind.RELATION && item.op().equals("=") && isVariable(item.items().get(0));
      out.add(named ? item.items().get(1) : item);
    }
    return out;
  }

  private boolean ordered(List<MathAnswer> a, List<MathAnswer> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!equivalent(a.get(i), b.get(i))) {
        return false;
      }
    }
    return true;
  }

  private boolean unordered(List<MathAnswer> a, List<MathAnswer> b) {
    if (a.size() != b.size()) {
      return false;
    }
    boolean[] used = new boolean[b.size()];
    for (MathAnswer x : a) {
      boolean found = false;
      for (int j = 0; j < b.size() && !found; j++) {
        if (!used[j] && equivalent(x, b.get(j))) {
          used[j] = true;
          found = true;
        }
      }
      if (!found) {
        return false;
      }
    }
    return true;
  }

  /** Whether two expressions have the same value (at every sampled point, with variables). */
  boolean sameValue(MathExpr a, MathExpr b) {
    Rational ra = exact(a);
    Rational rb = ra == null ? null : exact(b);
    if (ra != null && rb != null) {
      return ra.equals(rb);
    }
    Set<String> vars = new TreeSet<>();
    a.symbols(vars);
    b.symbols(vars);
    if (vars.isEmpty()) {
      double x = a.numeric(Map.of(), budget);
      double y = b.numeric(Map.of(), budget);
      // An overflow (10^{10^9}) is no value to compare; only a written \infty is infinite.
      boolean overflow =
          Double.isInfinite(x) && !a.mentionsInfinity()
              || Double.isInfinite(y) && !b.mentionsInfinity();
      return !overflow && close(x, y);
    }
    int agreed = 0;
    for (Map<String, Double> point : points(vars)) {
      double x = a.numeric(point, budget);
      double y = b.numeric(point, budget);
      if (Double.isNaN(x) && Double.isNaN(y)) {
        continue;
      }
      if (!close(x, y)) {
        return false;
      }
      agreed++;
    }
    return agreed >= POINTS / 2;
  }

  /** Whether {@code a / b} is the same nonzero constant at every sampled point. */
  private boolean proportional(MathExpr a, MathExpr b) {
    Set<String> vars = new TreeSet<>();
    a.symbols(vars);
    b.symbols(vars);
    Double ratio = null;
    int agreed = 0;
    for (Map<String, Double> point : points(vars)) {
      double x = a.numeric(point, budget);
      double y = b.numeric(point, budget);
      if (!Double.isFinite(x) || !Double.isFinite(y) || y == 0 || x == 0) {
        continue;
      }
      if (ratio == null) {
        ratio = x / y;
      } else if (!close(x / y, ratio)) {
        return false;
      }
      agreed++;
    }
    return agreed >= POINTS / 2;
  }

  private Rational exact(MathExpr e) {
    try {
      return e.exact(budget);
    } catch (ArithmeticException | IllegalArgumentException tooBigOrUndefined) {
      if (tooBigOrUndefined.getMessage() != null
          && tooBigOrUndefined.getMessage().startsWith("evaluation budget")) {
        throw tooBigOrUndefined;
      }
      return null;
    }
  }

  private static List<Map<String, Double>> points(Set<String> vars) {
    Random random = new Random(20_240_515L);
    List<Map<String, Double>> points = new ArrayList<>();
    for (int i = 0; i < POINTS; i++) {
      Map<String, Double> point = new HashMap<>();
      for (String v : vars) {
        point.put(v, 0.25 + 2.5 * random.nextDouble());
      }
      points.add(point);
    }
    return points;
  }

  static boolean close(double x, double y) {
    if (Double.isInfinite(x) || Double.isInfinite(y)) {
      return x == y;
    }
    if (Double.isNaN(x) || Double.isNaN(y)) {
      return false;
    }
    double diff = Math.abs(x - y);
    return diff <= TOLERANCE * Math.max(Math.abs(x), Math.abs(y)) || diff < 1e-12;
  }
}
