package dev.distillery.stages;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.grading.ShuffledChoices;
import java.util.ArrayList;
import java.util.List;

/**
 * The choices of a multiple-choice question in the order they are shown, shuffled with a seed fixed
 * per question by {@link ShuffledChoices} (as GPQA evaluation does, so that the right answer is not
 * always A, and every repeat, re-run and sweep shows the same order), and where the right one
 * landed.
 *
 * @param choices the choices in the order shown
 * @param right the index of the right one among them
 */
record ChoiceOrder(List<String> choices, int right) {

  /**
   * The shown order of a record's choices: from the benchmark's choice fields with the right one
   * first (GPQA's layout), or from one field holding a list, the right one named by {@code answer}
   * (its text, its letter or its 0-based index). Shuffled for the item {@code key}.
   */
  static ChoiceOrder of(JsonNode record, EvalBenchmark benchmark, String answer, String key) {
    List<String> choices = new ArrayList<>();
    int right;
    if (benchmark.choiceFields().size() > 1) {
      for (String field : benchmark.choiceFields()) {
        JsonNode value = EvalBenchmark.field(record, field);
        if (value != null) {
          choices.add(value.asText().strip());
        }
      }
      right = 0;
    } else {
      JsonNode list = EvalBenchmark.field(record, benchmark.choiceFields().get(0));
      if (list != null) {
        list.forEach(c -> choices.add(c.asText().strip()));
      }
      right = rightIndex(choices, answer.strip());
    }
    if (choices.size() < 2 || right < 0) {
      throw new IllegalArgumentException(
          "question " + key + " has " + choices.size() + " choices and none matches its answer");
    }
    ShuffledChoices shuffled = ShuffledChoices.shuffle(choices, right, key, 0);
    return new ChoiceOrder(shuffled.choices(), shuffled.correctLetter() - 'A');
  }

  private static int rightIndex(List<String> choices, String answer) {
    int byText = choices.indexOf(answer);
    if (byText >= 0) {
      return byText;
    }
    if (answer.length() == 1 && Character.isLetter(answer.charAt(0))) {
      int letter = Character.toUpperCase(answer.charAt(0)) - 'A';
      return letter < choices.size() ? letter : -1;
    }
    if (answer.matches("\\d+")) {
      int index = Integer.parseInt(answer);
      return index < choices.size() ? index : -1;
    }
    return -1;
  }

  /** The letter of the right choice. */
  String rightLetter() {
    return String.valueOf((char) ('A' + right));
  }

  /** The choices as the prompt lists them: "A) ...", one a line. */
  String listing() {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < choices.size(); i++) {
      out.append(i == 0 ? "" : "\n").append((char) ('A' + i)).append(") ").append(choices.get(i));
    }
    return out.toString();
  }
}
