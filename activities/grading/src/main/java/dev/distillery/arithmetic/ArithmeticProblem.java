package dev.distillery.arithmetic;

/**
 * A synthetic arithmetic question with a known answer.
 *
 * @param id a stable identifier, {@code arith-<seed>-<index>}
 * @param expression the expression, tokens separated by single spaces, e.g. {@code 17 + 5 * 3 - 4}
 * @param question the prompt text, {@code Compute <expression>. Give the final answer in \boxed{}.}
 * @param answer the exact value of the expression, as a decimal integer
 */
public record ArithmeticProblem(String id, String expression, String question, String answer) {}
