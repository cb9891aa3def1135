package dev.distillery.llm.simulated;

import dev.distillery.arithmetic.ArithmeticProblems;
import dev.distillery.llm.ChatMessage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes the simulated answers: a pure function of the request and the choice index, so that
 * repeated requests get the same completions.
 *
 * <p>Seeds work as in vLLM's v1 engine ({@code vllm/v1/engine/parallel_sampling.py}, {@code
 * _get_child_sampling_params}): choice {@code j} of a request with {@code seed: s} is sampled with
 * seed {@code s + j}, so it equals choice 0 of the same request with {@code seed: s + j} and {@code
 * n: 1}. Without a seed, choice {@code j} is a function of {@code j}.
 */
final class SimulatedTeacher {

  static final String OPENING = "Let me work through this step by step.";

  private static final List<String> GENERIC_REASONING =
      List.of(
          "The question is not an arithmetic problem I can check. I will answer briefly.",
          "This does not look like arithmetic. A short, honest answer is best here.",
          "I cannot verify this question exactly, so I will keep the answer short.");
  private static final List<String> GENERIC_ANSWERS =
      List.of(
          "I am a simulated teacher and can only answer arithmetic questions reliably.",
          "As a simulator I only solve arithmetic; I cannot answer this reliably.",
          "I do not know. This simulator only knows arithmetic.");

  private final double accuracy;

  SimulatedTeacher(double accuracy) {
    this.accuracy = accuracy;
  }

  /** A choice line of a multiple-choice question: "B) 42". */
  private static final Pattern CHOICE = Pattern.compile("(?m)^([A-Z])\\) *(-?\\d+) *$");

  /**
   * For a multiple-choice arithmetic question (choice lines "A) 12"), the letter the simulator
   * picks: the choice equal to its {@code answer} (right, or slipped); when a slipped answer is no
   * choice, the first choice that is not the {@code right} value, so the simulator's accuracy holds
   * for choices too. Empty when the question lists no choices.
   */
  static Optional<String> choiceOf(String question, long answer, long right) {
    Matcher m = CHOICE.matcher(question);
    String wrong = null;
    while (m.find()) {
      long value = Long.parseLong(m.group(2));
      if (value == answer) {
        return Optional.of(m.group(1));
      }
      if (value != right && wrong == null) {
        wrong = m.group(1);
      }
    }
    return Optional.ofNullable(wrong);
  }

  /**
   * Answers the last user message of {@code messages}.
   *
   * @param seed the request's seed, or null
   * @param index the choice's index in the request
   * @param maxTokens the word limit for reasoning and content together, or null for none
   */
  SimulatedChoice answer(
      String model, List<ChatMessage> messages, Long seed, int index, Integer maxTokens) {
    // Choice j of seed s is choice 0 of seed s + j; the hash of (s, 0) is what it always was, so
    // the first choice of a seeded request (what stored completions hold) has not changed.
    Long choiceSeed = seed == null ? null : seed + index;
    int choiceIndex = seed == null ? index : 0;
    String question = lastUserMessage(messages);
    if (SimulatedRater.handles(model)) {
      return SimulatedRater.answer(model, question);
    }
    if (model.startsWith(SimulatedWriter.MODEL)) {
      // The writer has no randomness to seed: one key per sample, distinct within a request.
      return SimulatedWriter.answer(question, choiceSeed == null ? index : choiceSeed);
    }
    SplittableRandom random = new SplittableRandom(hash(model, messages, choiceSeed, choiceIndex));
    // A simulated fine-tuned model is right as often as its training data made it.
    double accuracy = SimulatedFineTunedModel.accuracyOf(model).orElse(this.accuracy);
    Optional<String> expression = ArithmeticProblems.expressionOf(question);
    String reasoning;
    String content;
    if (expression.isPresent()) {
      List<String> steps = new ArrayList<>(ArithmeticProblems.solutionSteps(expression.get()));
      long answer = ArithmeticProblems.evaluate(expression.get());
      if (random.nextDouble() >= accuracy) {
        long slip = random.nextInt(1, 4) * (random.nextBoolean() ? 1L : -1L);
        answer += slip;
        if (!steps.isEmpty()) {
          // Make the slip in the last step, so the trace is consistent with the wrong answer.
          String last = steps.get(steps.size() - 1);
          steps.set(steps.size() - 1, last.substring(0, last.lastIndexOf('=') + 1) + " " + answer);
        }
      }
      steps.add(0, OPENING);
      steps.add("So the answer is " + answer + ".");
      reasoning = String.join("\n", steps);
      content = "The answer is \\boxed{" + answer + "}.";
      Optional<String> letter =
          choiceOf(question, answer, ArithmeticProblems.evaluate(expression.get()));
      if (letter.isPresent()) {
        reasoning += "\nThat is choice " + letter.get() + ".";
        content = "The answer is \\boxed{" + letter.get() + "}.";
      }
    } else {
      reasoning = GENERIC_REASONING.get(random.nextInt(GENERIC_REASONING.size()));
      content = GENERIC_ANSWERS.get(random.nextInt(GENERIC_ANSWERS.size()));
    }
    int reasoningWords = countWords(reasoning);
    int contentWords = countWords(content);
    int total = reasoningWords + contentWords;
    if (maxTokens == null || total <= maxTokens) {
      return new SimulatedChoice(reasoning, content, "stop", total);
    }
    int limit = Math.max(0, maxTokens);
    if (reasoningWords >= limit) {
      // The budget ran out before the reasoning ended: a reasoning parser has no content to give.
      return new SimulatedChoice(firstWords(reasoning, limit), null, "length", limit);
    }
    return new SimulatedChoice(
        reasoning, firstWords(content, limit - reasoningWords), "length", limit);
  }

  static String lastUserMessage(List<ChatMessage> messages) {
    for (int i = messages.size() - 1; i >= 0; i--) {
      if ("user".equals(messages.get(i).role())) {
        return messages.get(i).content();
      }
    }
    return "";
  }

  static int countWords(String text) {
    if (text == null || text.isBlank()) {
      return 0;
    }
    return text.strip().split("\\s+").length;
  }

  /** The prefix of {@code text} holding its first {@code count} whitespace-separated words. */
  static String firstWords(String text, int count) {
    int words = 0;
    int i = 0;
    int end = 0;
    while (i < text.length() && words < count) {
      while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
        i++;
      }
      if (i == text.length()) {
        break;
      }
      while (i < text.length() && !Character.isWhitespace(text.charAt(i))) {
        i++;
      }
      words++;
      end = i;
    }
    return text.substring(0, end);
  }

  private static long hash(String model, List<ChatMessage> messages, Long seed, int index) {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
    update(digest, model);
    for (ChatMessage message : messages) {
      update(digest, message.role());
      update(digest, message.content());
    }
    update(digest, seed == null ? "no-seed" : seed.toString());
    update(digest, Integer.toString(index));
    byte[] bytes = digest.digest();
    long value = 0;
    for (int i = 0; i < Long.BYTES; i++) {
      value = (value << 8) | (bytes[i] & 0xFF);
    }
    return value;
  }

  private static void update(MessageDigest digest, String text) {
    byte[] bytes = (text == null ? "" : text).getBytes(StandardCharsets.UTF_8);
    // Length-prefixed so that ("ab", "c") and ("a", "bc") hash differently.
    digest.update(Integer.toString(bytes.length).getBytes(StandardCharsets.UTF_8));
    digest.update((byte) ':');
    digest.update(bytes);
  }
}
