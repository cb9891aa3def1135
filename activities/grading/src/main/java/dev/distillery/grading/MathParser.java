package dev.distillery.grading;

import dev.distillery.grading.MathExpr.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Parses one normalized expression ({@link MathNormalizer}) in LaTeX or plain notation: {@code + -
 * * / ^ !}, {@code \frac}, {@code \sqrt[n]{}}, {@code \binom}, {@code |x|}, functions such as
 * {@code \sin} and {@code \log_2}, {@code \pi}, {@code e}, {@code \infty}, subscripted symbols and
 * implicit multiplication ({@code 2x}, {@code 3\sqrt{2}}, {@code (x+1)(x-1)}). An integer right
 * before a numeric {@code \frac} is a mixed number ({@code 2\frac{1}{2}} is 5/2). Text (a run of
 * three or more letters that names no function) does not parse. Nesting is capped at {@link
 * #MAX_DEPTH}.
 *
 * <p>It is long because it is one recursive-descent parser for the whole grammar above, whose
 * productions call each other.
 */
final class MathParser {
  /** Deepest nesting parsed; deeper input is not an expression this grader compares. */
  static final int MAX_DEPTH = 200;

  private static final Set<String> FUNCTIONS =
      Set.of(
          "sin", "cos", "tan", "cot", "sec", "csc", "arcsin", "arccos", "arctan", "sinh", "cosh",
          "tanh", "ln", "log", "exp");
  private static final Set<String> GREEK =
      Set.of(
          "alpha",
          "beta",
          "gamma",
          "delta",
          "epsilon",
          "varepsilon",
          "zeta",
          "eta",
          "theta",
          "vartheta",
          "iota",
          "kappa",
          "lambda",
          "mu",
          "nu",
          "xi",
          "rho",
          "sigma",
          "tau",
          "upsilon",
          "phi",
          "varphi",
          "chi",
          "psi",
          "omega",
          "Gamma",
          "Delta",
          "Theta",
          "Lambda",
          "Sigma",
          "Phi",
          "Psi",
          "Omega");
  private static final Set<String> PLAIN_WORDS =
      Set.of(
          "sqrt", "pi", "sin", "cos", "tan", "cot", "sec", "csc", "arcsin", "arccos", "arctan",
          "sinh", "cosh", "tanh", "ln", "log", "exp", "infty", "inf");

  /** Thrown when the input is not an expression. */
  static final class ParseException extends Exception {
    ParseException(String message) {
      super(message, null, false, false);
    }
  }

  private record Token(char type, String text) {
    // type: 'n' number, 'l' letter, 'c' command, 'o' operator or bracket
  }

  private final List<Token> tokens;
  private int pos;
  private int depth;

  private MathParser(List<Token> tokens) {
    this.tokens = tokens;
  }

  /** Parses {@code text}, which must be a single expression. */
  static MathExpr parse(String text) throws ParseException {
    MathParser p = new MathParser(tokenize(text));
    if (p.tokens.isEmpty()) {
      throw new ParseException("empty");
    }
    MathExpr e = p.expression();
    if (p.pos != p.tokens.size()) {
      throw new ParseException("unexpected '" + p.tokens.get(p.pos).text() + "'");
    }
    return e;
  }

  private static List<Token> tokenize(String s) throws ParseException {
    List<Token> out = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (Character.isDigit(c) || (c == '.' && i + 1 < s.length() && isDigit(s, i + 1))) {
        int j = i;
        while (j < s.length() && Character.isDigit(s.charAt(j))) {
          j++;
        }
        if (j < s.length() && s.charAt(j) == '.' && j + 1 < s.length() && isDigit(s, j + 1)) {
          j++;
          while (j < s.length() && Character.isDigit(s.charAt(j))) {
            j++;
          }
        }
        // Scientific notation written plainly: 1.5e3, 2E-4.
        int k = j;
        if (k + 1 < s.length() && (s.charAt(k) == 'e' || s.charAt(k) == 'E')) {
          k++;
          if (s.charAt(k) == '-' || s.charAt(k) == '+') {
            k++;
          }
          int digits = k;
          while (k < s.length() && Character.isDigit(s.charAt(k)) && k - digits < 3) {
            k++;
          }
          if (k > digits && (k == s.length() || !Character.isLetterOrDigit(s.charAt(k)))) {
            out.add(new Token('n', new java.math.BigDecimal(s.substring(i, k)).toPlainString()));
            i = k;
            continue;
          }
        }
        out.add(new Token('n', s.substring(i, j)));
        i = j;
      } else if (c == '\\') {
        int j = i + 1;
        while (j < s.length() && Character.isLetter(s.charAt(j))) {
          j++;
        }
        if (j == i + 1) {
          if (j < s.length() && (s.charAt(j) == '{' || s.charAt(j) == '}')) {
            throw new ParseException("a set is not an expression");
          }
          i = j + 1;
          continue;
        }
        out.add(new Token('c', s.substring(i + 1, j)));
        i = j;
      } else if (Character.isLetter(c)) {
        int j = i;
        while (j < s.length() && Character.isLetter(s.charAt(j))) {
          j++;
        }
        String word = s.substring(i, j);
        if (word.length() > 1 && PLAIN_WORDS.contains(word)) {
          out.add(new Token('c', word.equals("inf") ? "infty" : word));
        } else if (word.length() >= 3) {
          throw new ParseException("text");
        } else {
          for (char l : word.toCharArray()) {
            out.add(new Token('l', String.valueOf(l)));
          }
        }
        i = j;
      } else if ("+-*/^()[]{}!|_'".indexOf(c) >= 0) {
        out.add(new Token('o', String.valueOf(c)));
        i++;
      } else {
        throw new ParseException("unexpected '" + c + "'");
      }
    }
    return out;
  }

  private static boolean isDigit(String s, int i) {
    return Character.isDigit(s.charAt(i));
  }

  private Token peek() {
    return pos < tokens.size() ? tokens.get(pos) : null;
  }

  private boolean at(String op) {
    Token t = peek();
    return t != null && t.type() == 'o' && t.text().equals(op);
  }

  private void expect(String op) throws ParseException {
    if (!at(op)) {
      throw new ParseException("expected '" + op + "'");
    }
    pos++;
  }

  private void enter() throws ParseException {
    if (++depth > MAX_DEPTH) {
      throw new ParseException("nested too deeply");
    }
  }

  private MathExpr expression() throws ParseException {
    enter();
    List<MathExpr> terms = new ArrayList<>();
    terms.add(term());
    while (at("+") || at("-")) {
      boolean minus = at("-");
      pos++;
      MathExpr t = term();
      terms.add(minus ? MathExpr.op(Kind.NEG, t) : t);
    }
    depth--;
    return terms.size() == 1 ? terms.get(0) : new MathExpr(Kind.ADD, null, null, terms);
  }

  private MathExpr term() throws ParseException {
    List<MathExpr> factors = new ArrayList<>();
    factors.add(unary());
    while (true) {
      if (at("*")) {
        pos++;
        factors.add(unary());
      } else if (at("/")) {
        pos++;
        MathExpr divisor = unary();
        MathExpr left =
            factors.size() == 1 ? factors.get(0) : new MathExpr(Kind.MUL, null, null, factors);
        factors = new ArrayList<>();
        factors.add(MathExpr.op(Kind.DIV, left, divisor));
      } else if (startsFactor()) {
        factors.add(power());
      } else {
        break;
      }
    }
    return factors.size() == 1 ? factors.get(0) : new MathExpr(Kind.MUL, null, null, factors);
  }

  private boolean startsFactor() {
    Token t = peek();
    if (t == null) {
      return false;
    }
    return switch (t.type()) {
      case 'n', 'l', 'c' -> true;
      default -> t.text().equals("(") || t.text().equals("{") || t.text().equals("[");
    };
  }

  private MathExpr unary() throws ParseException {
    if (at("-")) {
      pos++;
      enter();
      MathExpr e = MathExpr.op(Kind.NEG, unary());
      depth--;
      return e;
    }
    if (at("+")) {
      pos++;
      return unary();
    }
    return power();
  }

  private MathExpr power() throws ParseException {
    MathExpr base = postfix();
    if (at("^")) {
      pos++;
      enter();
      MathExpr exponent;
      if (at("{")) {
        exponent = group("{", "}");
      } else if (at("-") || at("+")) {
        exponent = unary();
      } else {
        exponent = power();
      }
      depth--;
      return MathExpr.op(Kind.POW, base, exponent);
    }
    return base;
  }

  private MathExpr postfix() throws ParseException {
    MathExpr e = primary();
    while (at("!") || at("'")) {
      if (at("'")) {
        throw new ParseException("a prime is not an expression");
      }
      pos++;
      e = MathExpr.op(Kind.FACTORIAL, e);
    }
    return e;
  }

  private MathExpr group(String open, String close) throws ParseException {
    expect(open);
    MathExpr e = expression();
    expect(close);
    return e;
  }

  private MathExpr primary() throws ParseException {
    Token t = peek();
    if (t == null) {
      throw new ParseException("unexpected end");
    }
    enter();
    try {
      switch (t.type()) {
        case 'n':
          pos++;
          if (t.text().matches("\\d+") && peek() != null && peek().text().equals("frac")) {
            MathExpr mixed = mixedNumber(t.text());
            if (mixed != null) {
              return mixed;
            }
          }
          return MathExpr.number(Rational.parse(t.text()));
        case 'l':
          pos++;
          return subscripted(t.text());
        case 'c':
          pos++;
          return command(t.text());
        default:
          break;
      }
      switch (t.text()) {
        case "(":
          return group("(", ")");
        case "[":
          return group("[", "]");
        case "{":
          return group("{", "}");
        case "|":
          return MathExpr.func("abs", group("|", "|"));
        default:
          throw new ParseException("unexpected '" + t.text() + "'");
      }
    } finally {
      depth--;
    }
  }

  /** {@code 2\frac{1}{2}} as 2 + 1/2 when both parts of the fraction are integer literals. */
  private MathExpr mixedNumber(String whole) throws ParseException {
    int save = pos;
    pos++;
    MathExpr num = argument();
    MathExpr den = argument();
    if (num.kind() == Kind.NUMBER
        && den.kind() == Kind.NUMBER
        && num.number().isInteger()
        && den.number().isInteger()) {
      Rational w = Rational.parse(whole);
      Rational f = num.number().divide(den.number());
      if (f != null) {
        return MathExpr.number(w.add(f));
      }
    }
    pos = save;
    return null;
  }

  private MathExpr subscripted(String name) throws ParseException {
    if (!at("_")) {
      return name.equals("e") ? MathExpr.symbol("e") : MathExpr.symbol(name);
    }
    pos++;
    return MathExpr.symbol(name + "_" + subscript());
  }

  private String subscript() throws ParseException {
    Token t = peek();
    if (t == null) {
      throw new ParseException("empty subscript");
    }
    if (at("{")) {
      int close = pos;
      int d = 0;
      StringBuilder sb = new StringBuilder();
      for (; close < tokens.size(); close++) {
        String x = tokens.get(close).text();
        if (x.equals("{")) {
          d++;
        } else if (x.equals("}") && --d == 0) {
          break;
        }
        if (close > pos) {
          sb.append(x);
        }
      }
      if (close >= tokens.size()) {
        throw new ParseException("unclosed subscript");
      }
      pos = close + 1;
      return sb.toString();
    }
    pos++;
    if (t.type() == 'n' && t.text().length() > 1) {
      splitNumber(pos - 1);
      return tokens.get(pos - 1).text();
    }
    return t.text();
  }

  /** Splits a number token at {@code index} after its first digit (LaTeX's {@code \frac12}). */
  private void splitNumber(int index) {
    String text = tokens.get(index).text();
    tokens.set(index, new Token('n', text.substring(0, 1)));
    tokens.add(index + 1, new Token('n', text.substring(1)));
  }

  /** A command argument: a braced group or a single token ({@code \frac12}, {@code \sqrt3}). */
  private MathExpr argument() throws ParseException {
    if (at("{")) {
      return group("{", "}");
    }
    Token t = peek();
    if (t == null) {
      throw new ParseException("missing argument");
    }
    if (t.type() == 'n' && t.text().length() > 1 && !t.text().contains(".")) {
      splitNumber(pos);
    }
    return primary();
  }

  private MathExpr command(String name) throws ParseException {
    switch (name) {
      case "frac":
        {
          MathExpr num = argument();
          return MathExpr.op(Kind.DIV, num, argument());
        }
      case "sqrt":
        if (at("[")) {
          MathExpr index = group("[", "]");
          return MathExpr.func("root", index, argument());
        }
        return MathExpr.func("sqrt", at("(") ? group("(", ")") : argument());
      case "binom":
        {
          MathExpr n = argument();
          return MathExpr.func("binom", n, argument());
        }
      case "pi":
        return MathExpr.symbol("pi");
      case "infty":
        return new MathExpr(Kind.INFINITY, null, null, List.of());
      default:
        break;
    }
    if (FUNCTIONS.contains(name)) {
      MathExpr base = null;
      if (name.equals("log") && at("_")) {
        pos++;
        base = argument();
      }
      MathExpr exponent = null;
      if (at("^")) {
        pos++;
        exponent = at("{") ? group("{", "}") : primary();
      }
      MathExpr arg = at("(") || at("{") ? primary() : power();
      MathExpr applied = base == null ? MathExpr.func(name, arg) : MathExpr.func(name, base, arg);
      return exponent == null ? applied : MathExpr.op(Kind.POW, applied, exponent);
    }
    if (!GREEK.contains(name)) {
      throw new ParseException("unknown command \\" + name);
    }
    return subscripted("\\" + name);
  }
}
