package dev.distillery.grading;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed expression: a number, a symbol, or an operation on sub-expressions. It evaluates exactly
 * (a {@link Rational}, when no symbol, root of a non-square or transcendental function is involved)
 * or numerically at a point. Both evaluations are bounded: exact powers and factorials past a size
 * fall back to doubles, and every evaluation counts its steps against a budget.
 */
record MathExpr(Kind kind, Rational number, String name, List<MathExpr> args) {
  /** Node kinds. {@code FUNC} applies {@code name} (sqrt, sin, ...) to its arguments. */
  enum Kind {
    NUMBER,
    SYMBOL,
    INFINITY,
    ADD,
    MUL,
    NEG,
    DIV,
    POW,
    FACTORIAL,
    FUNC
  }

  /** Evaluation steps allowed per evaluation, to bound the time any input can take. */
  static final int STEP_BUDGET = 50_000;

  private static final int MAX_EXACT_EXPONENT = 10_000;
  private static final int MAX_EXACT_FACTORIAL = 500;

  static MathExpr number(Rational value) {
    return new MathExpr(Kind.NUMBER, value, null, List.of());
  }

  static MathExpr symbol(String name) {
    return new MathExpr(Kind.SYMBOL, null, name, List.of());
  }

  static MathExpr op(Kind kind, MathExpr... args) {
    return new MathExpr(kind, null, null, List.of(args));
  }

  static MathExpr func(String name, MathExpr... args) {
    return new MathExpr(Kind.FUNC, null, name, List.of(args));
  }

  /** The free symbols (variables) of this expression, added to {@code into}. */
  void symbols(Set<String> into) {
    if (kind == Kind.SYMBOL && !isConstant(name)) {
      into.add(name);
    }
    for (MathExpr a : args) {
      a.symbols(into);
    }
  }

  /** Whether {@code \infty} appears in this expression. */
  boolean mentionsInfinity() {
    if (kind == Kind.INFINITY) {
      return true;
    }
    for (MathExpr a : args) {
      if (a.mentionsInfinity()) {
        return true;
      }
    }
    return false;
  }

  private static boolean isConstant(String name) {
    return name.equals("pi") || name.equals("e");
  }

  /** A mutable step counter shared by one comparison's evaluations. */
  static final class Budget {
    private int left;

    Budget(int steps) {
      left = steps;
    }

    void spend() {
      if (--left < 0) {
        throw new ArithmeticException("evaluation budget exhausted");
      }
    }
  }

  /** The exact value, or null when it is not a rational computable within the bounds. */
  Rational exact(Budget budget) {
    budget.spend();
    switch (kind) {
      case NUMBER:
        return number;
      case ADD:
        {
          Rational sum = Rational.ZERO;
          for (MathExpr a : args) {
            Rational v = a.exact(budget);
            if (v == null) {
              return null;
            }
            sum = sum.add(v);
          }
          return sum.tooBig() ? null : sum;
        }
      case MUL:
        {
          Rational product = Rational.ONE;
          for (MathExpr a : args) {
            Rational v = a.exact(budget);
            if (v == null) {
              return null;
            }
            product = product.multiply(v);
            if (product.tooBig()) {
              return null;
            }
          }
          return product;
        }
      case NEG:
        {
          Rational v = args.get(0).exact(budget);
          return v == null ? null : v.negate();
        }
      case DIV:
        {
          Rational a = args.get(0).exact(budget);
          Rational b = a == null ? null : args.get(1).exact(budget);
          return b == null ? null : a.divide(b);
        }
      case POW:
        return exactPower(budget);
      case FACTORIAL:
        {
          Rational v = args.get(0).exact(budget);
          if (v == null
              || !v.isInteger()
              || v.num().signum() < 0
              || v.num().bitLength() > 16
              || v.num().intValue() > MAX_EXACT_FACTORIAL) {
            return null;
          }
          java.math.BigInteger f = java.math.BigInteger.ONE;
          for (int i = 2; i <= v.num().intValue(); i++) {
            budget.spend();
            f = f.multiply(java.math.BigInteger.valueOf(i));
          }
          return new Rational(f, java.math.BigInteger.ONE);
        }
      case FUNC:
        return exactFunction(budget);
      default:
        return null;
    }
  }

  private Rational exactPower(Budget budget) {
    Rational base = args.get(0).exact(budget);
    Rational exponent = base == null ? null : args.get(1).exact(budget);
    if (exponent == null || exponent.num().bitLength() > 31 || exponent.den().bitLength() > 31) {
      return null;
    }
    int p = exponent.num().intValue();
    int q = exponent.den().intValue();
    if (Math.abs(p) > MAX_EXACT_EXPONENT || (q != 1 && q != 2 && q != 3)) {
      return null;
    }
    Rational rooted = q == 1 ? base : base.num().bitLength() > 2_000 ? null : base.root(q);
    return rooted == null ? null : rooted.pow(p);
  }

  private Rational exactFunction(Budget budget) {
    switch (name) {
      case "sqrt":
        {
          Rational v = args.get(0).exact(budget);
          return v == null || v.num().bitLength() > 2_000 ? null : v.root(2);
        }
      case "root":
        {
          Rational index = args.get(0).exact(budget);
          Rational v = index == null ? null : args.get(1).exact(budget);
          if (v == null || !index.isInteger() || v.num().bitLength() > 2_000) {
            return null;
          }
          int n = index.num().intValue();
          return n == 2 || n == 3 ? v.root(n) : null;
        }
      case "abs":
        {
          Rational v = args.get(0).exact(budget);
          return v == null ? null : v.num().signum() < 0 ? v.negate() : v;
        }
      case "binom":
        {
          Rational n = args.get(0).exact(budget);
          Rational k = n == null ? null : args.get(1).exact(budget);
          if (k == null
              || !n.isInteger()
              || !k.isInteger()
              || n.num().bitLength() > 20
              || k.num().signum() < 0
              || k.num().compareTo(n.num()) > 0) {
            return null;
          }
          int nn = n.num().intValue();
          int kk = Math.min(k.num().intValue(), nn - k.num().intValue());
          if (kk > MAX_EXACT_FACTORIAL) {
            return null;
          }
          java.math.BigInteger r = java.math.BigInteger.ONE;
          for (int i = 1; i <= kk; i++) {
            budget.spend();
            r =
                r.multiply(java.math.BigInteger.valueOf(nn - kk + i))
                    .divide(java.math.BigInteger.valueOf(i));
          }
          return new Rational(r, java.math.BigInteger.ONE);
        }
      default:
        return null;
    }
  }

  /** The value with {@code vars} bound; NaN when undefined (or a symbol is unbound). */
  double numeric(Map<String, Double> vars, Budget budget) {
    budget.spend();
    switch (kind) {
      case NUMBER:
        return number.toDouble();
      case SYMBOL:
        if (name.equals("pi")) {
          return Math.PI;
        }
        if (name.equals("e")) {
          return Math.E;
        }
        return vars.getOrDefault(name, Double.NaN);
      case INFINITY:
        return Double.POSITIVE_INFINITY;
      case ADD:
        {
          double s = 0;
          for (MathExpr a : args) {
            s += a.numeric(vars, budget);
          }
          return s;
        }
      case MUL:
        {
          double p = 1;
          for (MathExpr a : args) {
            p *= a.numeric(vars, budget);
          }
          return p;
        }
      case NEG:
        return -args.get(0).numeric(vars, budget);
      case DIV:
        return args.get(0).numeric(vars, budget) / args.get(1).numeric(vars, budget);
      case POW:
        return power(args.get(0).numeric(vars, budget), args.get(1), vars, budget);
      case FACTORIAL:
        {
          double n = args.get(0).numeric(vars, budget);
          if (n < 0 || n != Math.rint(n)) {
            return Double.NaN;
          }
          if (n > 170) {
            return Double.POSITIVE_INFINITY;
          }
          double f = 1;
          for (int i = 2; i <= n; i++) {
            f *= i;
          }
          return f;
        }
      case FUNC:
        return function(vars, budget);
      default:
        return Double.NaN;
    }
  }

  /** A power, with odd roots of negative numbers real ({@code (-8)^(1/3) = -2}). */
  private static double power(
      double base, MathExpr exponentExpr, Map<String, Double> vars, Budget budget) {
    double exponent = exponentExpr.numeric(vars, budget);
    if (base < 0 && exponent != Math.rint(exponent)) {
      Rational e = exponentExpr.exact(budget);
      if (e != null && e.den().testBit(0) && e.den().bitLength() < 31) {
        double magnitude = Math.pow(-base, exponent);
        return e.num().testBit(0) ? -magnitude : magnitude;
      }
    }
    return Math.pow(base, exponent);
  }

  private double function(Map<String, Double> vars, Budget budget) {
    double x = args.get(0).numeric(vars, budget);
    return switch (name) {
      case "sqrt" -> Math.sqrt(x);
      case "root" -> {
        double v = args.get(1).numeric(vars, budget);
        yield v < 0 && x == Math.rint(x) && ((long) x) % 2 == 1
            ? -Math.pow(-v, 1 / x)
            : Math.pow(v, 1 / x);
      }
      case "abs" -> Math.abs(x);
      case "sin" -> Math.sin(x);
      case "cos" -> Math.cos(x);
      case "tan" -> Math.tan(x);
      case "cot" -> 1 / Math.tan(x);
      case "sec" -> 1 / Math.cos(x);
      case "csc" -> 1 / Math.sin(x);
      case "arcsin" -> Math.asin(x);
      case "arccos" -> Math.acos(x);
      case "arctan" -> Math.atan(x);
      case "sinh" -> Math.sinh(x);
      case "cosh" -> Math.cosh(x);
      case "tanh" -> Math.tanh(x);
      case "ln" -> Math.log(x);
      case "log" ->
          args.size() == 2
              ? Math.log(args.get(1).numeric(vars, budget)) / Math.log(x)
              : Math.log(x);
      case "exp" -> Math.exp(x);
      case "binom" -> {
        double k = args.get(1).numeric(vars, budget);
        double r = 1;
        for (int i = 1; i <= k && i <= 1_000; i++) {
          r = r * (x - k + i) / i;
        }
        yield k == Math.rint(k) && k >= 0 && k <= 1_000 ? r : Double.NaN;
      }
      default -> Double.NaN;
    };
  }
}
