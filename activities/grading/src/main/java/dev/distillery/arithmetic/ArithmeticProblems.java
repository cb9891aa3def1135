package dev.distillery.arithmetic;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Generates, recognises and solves integer arithmetic problems over {@code +}, {@code -} and {@code
 * *} with the usual precedence ({@code *} before {@code +} and {@code -}, otherwise left to right).
 * Arithmetic is exact: results that do not fit in a {@code long} throw {@link ArithmeticException}.
 */
public final class ArithmeticProblems {

  private static final String QUESTION_PREFIX = "Compute ";
  private static final String QUESTION_SUFFIX = ". Give the final answer in \\boxed{}.";
  private static final Pattern QUESTION =
      Pattern.compile(
          "Compute\\s+(\\d+(?:\\s*[-+*]\\s*\\d+)*)\\s*\\.\\s*Give the final answer in \\\\boxed\\{\\}\\.");
  private static final Pattern TOKEN = Pattern.compile("\\s*(\\d+|[-+*])");
  private static final char[] OPERATORS = {'+', '-', '*'};

  private ArithmeticProblems() {}

  /**
   * Generates problem number {@code index} of the stream identified by {@code seed}. The result
   * depends only on the arguments.
   *
   * @param seed identifies the problem stream
   * @param index the position in the stream, 0 or more
   * @param maxOperand operands are drawn uniformly from {@code 1..maxOperand}
   * @param operations how many operators the expression has, 1 or more
   */
  public static ArithmeticProblem generate(long seed, int index, int maxOperand, int operations) {
    if (index < 0) {
      throw new IllegalArgumentException("index must be >= 0, was " + index);
    }
    if (maxOperand < 1) {
      throw new IllegalArgumentException("maxOperand must be >= 1, was " + maxOperand);
    }
    if (operations < 1) {
      throw new IllegalArgumentException("operations must be >= 1, was " + operations);
    }
    SplittableRandom random = new SplittableRandom(mix(seed, index));
    StringBuilder expression = new StringBuilder();
    expression.append(random.nextInt(1, maxOperand + 1));
    for (int i = 0; i < operations; i++) {
      expression
          .append(' ')
          .append(OPERATORS[random.nextInt(OPERATORS.length)])
          .append(' ')
          .append(random.nextInt(1, maxOperand + 1));
    }
    String text = expression.toString();
    return new ArithmeticProblem(
        "arith-" + seed + "-" + index,
        text,
        QUESTION_PREFIX + text + QUESTION_SUFFIX,
        Long.toString(evaluate(text)));
  }

  /**
   * Finds the expression in a question produced by {@link #generate}, wherever it appears in {@code
   * text}, and returns it normalised to single spaces between tokens.
   */
  public static Optional<String> expressionOf(String text) {
    if (text == null) {
      return Optional.empty();
    }
    Matcher matcher = QUESTION.matcher(text);
    if (!matcher.find()) {
      return Optional.empty();
    }
    return Optional.of(String.join(" ", tokenize(matcher.group(1))));
  }

  /**
   * Evaluates {@code expression} one operation at a time and describes each, e.g. {@code 17 + 5 * 3
   * - 4} gives {@code 5 * 3 = 15}, {@code 17 + 15 = 32}, {@code 32 - 4 = 28}. Multiplications come
   * first, left to right, then additions and subtractions, left to right. An expression without
   * operators gives no steps.
   *
   * @throws IllegalArgumentException when {@code expression} is not a well-formed expression
   */
  public static List<String> solutionSteps(String expression) {
    List<String> steps = new ArrayList<>();
    solve(expression, steps);
    return List.copyOf(steps);
  }

  /**
   * The value of {@code expression}.
   *
   * @throws IllegalArgumentException when {@code expression} is not a well-formed expression
   */
  public static long evaluate(String expression) {
    return solve(expression, null);
  }

  private static long solve(String expression, List<String> steps) {
    List<String> tokens = tokenize(expression);
    List<Long> terms = new ArrayList<>();
    List<Character> additive = new ArrayList<>();
    long current = Long.parseLong(tokens.get(0));
    for (int i = 1; i < tokens.size(); i += 2) {
      char operator = tokens.get(i).charAt(0);
      long operand = Long.parseLong(tokens.get(i + 1));
      if (operator == '*') {
        long product = Math.multiplyExact(current, operand);
        record(steps, current, operator, operand, product);
        current = product;
      } else {
        terms.add(current);
        additive.add(operator);
        current = operand;
      }
    }
    terms.add(current);
    long result = terms.get(0);
    for (int i = 0; i < additive.size(); i++) {
      char operator = additive.get(i);
      long operand = terms.get(i + 1);
      long next =
          operator == '+' ? Math.addExact(result, operand) : Math.subtractExact(result, operand);
      record(steps, result, operator, operand, next);
      result = next;
    }
    return result;
  }

  private static void record(List<String> steps, long left, char op, long right, long result) {
    if (steps != null) {
      steps.add(left + " " + op + " " + right + " = " + result);
    }
  }

  /** Splits into alternating number and operator tokens, checking the shape. */
  private static List<String> tokenize(String expression) {
    if (expression == null || expression.isBlank()) {
      throw new IllegalArgumentException("empty expression");
    }
    List<String> tokens = new ArrayList<>();
    Matcher matcher = TOKEN.matcher(expression);
    int position = 0;
    while (position < expression.length()
        && matcher.find(position)
        && matcher.start() == position) {
      tokens.add(matcher.group(1));
      position = matcher.end();
    }
    boolean wellFormed = expression.substring(position).isBlank() && tokens.size() % 2 == 1;
    for (int i = 0; wellFormed && i < tokens.size(); i++) {
      boolean isNumber = Character.isDigit(tokens.get(i).charAt(0));
      wellFormed = isNumber == (i % 2 == 0);
    }
    if (!wellFormed) {
      throw new IllegalArgumentException(
          "not an expression over + - * and integers: " + expression);
    }
    return tokens;
  }

  private static long mix(long seed, int index) {
    long z = seed * 0x9E3779B97F4A7C15L + index;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
