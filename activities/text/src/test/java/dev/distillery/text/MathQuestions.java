package dev.distillery.text;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Generates competition-style math questions (AMC, AIME, MATH-like) for dedup and decontamination
 * tests and benchmarks, deterministically for a seed. A question is one to three setup sentences, a
 * question sentence and sometimes an answer-format sentence, each from a pool of patterns whose
 * slots take words of a math vocabulary, names, objects, numbers and LaTeX expressions. So, as in
 * real benchmarks, unrelated questions share stock phrases ("Find the", "Express your answer as a
 * common fraction.") and much vocabulary, yet two of them rarely reach a ratio of 65; {@link
 * #renumbered} gives the templated near-duplicates that differ only in their numbers.
 */
public final class MathQuestions {
  private static final List<String> SETUPS =
      List.of(
          "Let $f(x) = {expr}$ for all real numbers $x$.",
          "Let {var} be a positive integer such that {expr} is divisible by {n}.",
          "A {adj} {shape} has sides of length {n}, {n}, and {n}.",
          "{Name} has {n} {things} and gives {n} of them to {Name}.",
          "In triangle $ABC$, $AB = {n}$, $BC = {n}$, and $CA = {n}$.",
          "A bag contains {n} red marbles, {n} blue marbles, and {n} green marbles.",
          "The {noun} {var} satisfies ${expr} = {n}$.",
          "Consider the sequence defined by $a_1 = {n}$ and $a_{k+1} = {expr}$ for $k \\ge 1$.",
          "A circle of radius {n} is inscribed in a {adj} square.",
          "{Name} walks {n} miles at {n} miles per hour and then runs {n} miles.",
          "Two fair {n}-sided dice are rolled.",
          "A committee of {n} people is chosen from a group of {n} {people}.",
          "The function $g$ satisfies $g(x + y) = g(x) + g(y) + {n}xy$ for all real $x$ and $y$.",
          "{Name} invests {n} dollars at an annual interest rate of {n} percent.",
          "Point $P$ is chosen at random inside a {shape} with side length {n}.",
          "A train leaves a station at {n} miles per hour, and {n} hours later a second train"
              + " follows at {n} miles per hour.",
          "Each of the {n} {people} in a club likes at least one of {things} and {things}.",
          "The polynomial ${expr}$ has {adj} roots $r$, $s$, and $t$.",
          "A {adj} {noun} is drawn on a grid of {n} by {n} unit squares.",
          "Let {var} and $b$ be {adj} numbers with ${expr} = {n}$ and $ab = {n}$.",
          "The {noun} of a {shape} is {n} square units.",
          "A rectangle has a perimeter of {n} units, and its length is {n} units more than its"
              + " width.",
          "There are {n} {things} in a box, and {n} of them are defective.",
          "Suppose that {var} is a {adj} integer and that ${expr}$ is a perfect square.",
          "A clock shows {n}:{n} in the afternoon.",
          "{Name} reads {n} pages on Monday and {n} more pages each day after that.",
          "An ant walks along the edges of a {adj} cube with side length {n}.",
          "The matrix $M$ has entries {n}, {n}, {n}, and {n}, read row by row.",
          "A {adj} number is written in base {n} as ${n}{n}{n}$.",
          "The {noun} ${expr}$ is {adj} for every integer {var}.");

  private static final List<String> QUESTIONS =
      List.of(
          "What is the value of $f({n})$?",
          "Find the number of such integers less than {n}.",
          "What is the area of the {shape}?",
          "How many {things} does {Name} have left?",
          "Find the length of the altitude from $A$ to $BC$.",
          "What is the probability that both are the same color?",
          "Find the sum of all possible values of {var}.",
          "What is the {n}th term of the sequence?",
          "What is the remainder when ${n}^{{n}}$ is divided by {n}?",
          "How many positive divisors does ${n}$ have?",
          "In how many ways can this be done?",
          "Compute $g({n})$.",
          "To the nearest dollar, how much money will there be after {n} years?",
          "What is the probability that $P$ is closer to the center than to any side?",
          "How many hours after it leaves will the second train catch up?",
          "How many {people} like both?",
          "Find $r^2 + s^2 + t^2$.",
          "What is the greatest common divisor of ${n}$ and ${n}$?",
          "Find the smallest {adj} integer with this property.",
          "Determine the largest possible value of ${expr}$.",
          "What is the expected number of {things} drawn before the first defective one?",
          "Compute the sum of the entries of $M^{{n}}$.",
          "Find the minimum of ${expr}$ over all real numbers {var}.",
          "How many of the first {n} {adj} integers have this property?",
          "What is the {noun} of the region inside the square but outside the circle?",
          "Evaluate $\\sum_{k=1}^{{n}} \\frac{1}{k(k+{n})}$.",
          "Find all real values of $x$ that satisfy the equation.",
          "What angle, in degrees, do the hands of the clock form?",
          "On which day does {Name} finish the {n}-page book?",
          "What is the number in base ten?");

  private static final List<String> FORMATS =
      List.of(
          "Express your answer as a common fraction.",
          "Express your answer in simplest radical form.",
          "Express your answer in terms of $\\pi$.",
          "Round your answer to the nearest tenth.",
          "Enter all the solutions, separated by commas.",
          "Give your answer as a decimal to the nearest hundredth.",
          "Express your answer as a mixed number.",
          "Your answer should be an integer.");

  private static final List<String> NAMES =
      List.of(
          "Alice", "Bob", "Carla", "David", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jamal",
          "Kofi", "Lena", "Mateo", "Nadia", "Omar", "Priya", "Quinn", "Rosa", "Sam", "Tara", "Uma",
          "Victor", "Wen", "Xavier", "Yara", "Zane");
  private static final List<String> THINGS =
      List.of(
          "apples",
          "marbles",
          "stickers",
          "pencils",
          "cookies",
          "coins",
          "books",
          "stamps",
          "cards",
          "shells",
          "oranges",
          "tickets",
          "bulbs",
          "tiles",
          "beads",
          "chips");
  private static final List<String> SHAPES =
      List.of(
          "triangle",
          "quadrilateral",
          "trapezoid",
          "parallelogram",
          "kite",
          "hexagon",
          "pentagon",
          "rhombus",
          "square",
          "rectangle");
  private static final List<String> PEOPLE =
      List.of("students", "friends", "guests", "players", "teachers", "children", "members");
  private static final List<String> ADJECTIVES =
      List.of(
          "positive",
          "real",
          "distinct",
          "regular",
          "convex",
          "prime",
          "even",
          "odd",
          "nonzero",
          "rational",
          "square-free",
          "isosceles",
          "equilateral",
          "acute",
          "nonnegative",
          "composite",
          "monic",
          "periodic",
          "symmetric",
          "integral");
  private static final List<String> NOUNS =
      List.of(
          "polynomial",
          "sequence",
          "function",
          "expression",
          "number",
          "quantity",
          "area",
          "perimeter",
          "volume",
          "product",
          "sum",
          "quotient",
          "root",
          "integer",
          "fraction",
          "median",
          "mean",
          "ratio",
          "angle",
          "chord");
  private static final List<String> VARIABLES = List.of("$n$", "$m$", "$k$", "$x$", "$a$", "$p$");
  private static final List<String> INTROS =
      List.of(
          "In a certain town,",
          "On a math test,",
          "In the figure,",
          "At a school fair,",
          "During a game,",
          "In a small village,",
          "For a science project,",
          "Every morning,",
          "At the end of the year,",
          "In a coordinate plane,",
          "On a number line,",
          "In a tournament,",
          "At a bakery,",
          "In a library,",
          "On a farm,",
          "In a factory,",
          "At a concert,",
          "In a garden,",
          "During a trip,",
          "In a laboratory,");
  private static final List<String> VERBS =
      List.of(
          "contains",
          "divides",
          "meets",
          "covers",
          "exceeds",
          "equals",
          "touches",
          "surrounds",
          "follows",
          "precedes",
          "doubles",
          "halves",
          "crosses",
          "bisects",
          "replaces",
          "matches",
          "counts",
          "measures",
          "splits",
          "joins",
          "lists",
          "holds",
          "uses",
          "chooses");
  private static final List<String> EVERYDAY =
      List.of(
          "farmer", "baker", "river", "field", "fence", "garden", "ladder", "bucket", "window",
          "bridge", "tower", "clock", "table", "shelf", "wheel", "rope", "coin", "box", "jar",
          "road", "car", "boat", "plant", "tree", "house", "door", "lamp", "chair", "kite", "map");
  private static final List<String> PREPOSITIONS =
      List.of(
          "with", "without", "near", "beside", "above", "below", "inside", "outside", "along",
          "across", "behind", "around", "between", "through", "for");

  private final SplittableRandom random;

  public MathQuestions(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** A new question. */
  public String next() {
    StringBuilder q = new StringBuilder();
    for (int s = 1 + random.nextInt(4); s > 0; s--) {
      q.append(random.nextBoolean() ? fill(pick(SETUPS)) : sentence()).append(' ');
    }
    q.append(fill(pick(QUESTIONS)));
    if (random.nextInt(10) < 4) {
      q.append(' ').append(pick(FORMATS));
    }
    return q.toString();
  }

  /** A sentence from a small grammar: intro, subject, verb, object and a phrase after it. */
  private String sentence() {
    String subject =
        random.nextBoolean()
            ? "the " + pick(ADJECTIVES) + " " + pick(NOUNS)
            : (random.nextBoolean() ? "a " : "the ") + pick(EVERYDAY);
    String object =
        random.nextBoolean()
            ? "every " + pick(ADJECTIVES) + " " + pick(NOUNS)
            : (random.nextBoolean() ? "a " : "the ") + pick(EVERYDAY);
    String tail =
        switch (random.nextInt(3)) {
          case 0 -> " " + pick(PREPOSITIONS) + " " + number() + " " + pick(THINGS);
          case 1 -> " " + pick(PREPOSITIONS) + " the " + pick(EVERYDAY) + " of " + pick(NAMES);
          default -> " and ${" + expression() + "}$";
        };
    return pick(INTROS) + " " + subject + " " + pick(VERBS) + " " + object + tail + ".";
  }

  /**
   * {@code question} with every number replaced by another of as many digits: the near-duplicates
   * of templated questions, which differ only in their numbers.
   */
  public String renumbered(String question) {
    StringBuilder out = new StringBuilder(question.length());
    for (int i = 0; i < question.length(); i++) {
      char c = question.charAt(i);
      if (c >= '0' && c <= '9') {
        boolean first = i == 0 || !Character.isDigit(question.charAt(i - 1));
        out.append((char) ((first ? '1' : '0') + random.nextInt(first ? 9 : 10)));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private String fill(String pattern) {
    StringBuilder out = new StringBuilder(pattern.length() + 32);
    int i = 0;
    while (i < pattern.length()) {
      int open = pattern.indexOf('{', i);
      int close = open < 0 ? -1 : pattern.indexOf('}', open);
      if (open < 0 || close < 0) {
        out.append(pattern, i, pattern.length());
        break;
      }
      String slot = pattern.substring(open + 1, close);
      String value = value(slot);
      if (value == null) {
        out.append(pattern, i, open + 1);
        i = open + 1;
        continue;
      }
      out.append(pattern, i, open).append(value);
      i = close + 1;
    }
    return out.toString();
  }

  private String value(String slot) {
    return switch (slot) {
      case "n" -> Integer.toString(number());
      case "Name" -> pick(NAMES);
      case "things" -> pick(THINGS);
      case "shape" -> pick(SHAPES);
      case "people" -> pick(PEOPLE);
      case "adj" -> pick(ADJECTIVES);
      case "noun" -> pick(NOUNS);
      case "var" -> pick(VARIABLES);
      case "expr" -> expression();
      default -> null;
    };
  }

  private int number() {
    int r = random.nextInt(10);
    return r < 6
        ? 2 + random.nextInt(18)
        : r < 9 ? 10 + random.nextInt(190) : 100 + random.nextInt(9900);
  }

  /** A polynomial-like LaTeX expression: {@code 3x^2 - 5x + 7}. */
  private String expression() {
    String v = String.valueOf("xnkab".charAt(random.nextInt(5)));
    StringBuilder e = new StringBuilder();
    int degree = 1 + random.nextInt(4);
    for (int d = degree; d >= 0; d--) {
      if (d < degree && random.nextInt(3) == 0) {
        continue;
      }
      if (e.length() > 0) {
        e.append(random.nextBoolean() ? " + " : " - ");
      }
      int c = 1 + random.nextInt(12);
      if (c > 1 || d == 0) {
        e.append(c);
      }
      if (d > 0) {
        e.append(v);
      }
      if (d > 1) {
        e.append('^').append(d);
      }
    }
    return e.toString();
  }

  private String pick(List<String> from) {
    return from.get(random.nextInt(from.size()));
  }
}
