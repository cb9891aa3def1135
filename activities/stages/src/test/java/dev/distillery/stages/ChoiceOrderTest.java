package dev.distillery.stages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.stages.core.Rows;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Choices are shown in an order fixed per question, the right letter points at the right text, and
 * over many questions the right answer lands on each letter about as often.
 */
class ChoiceOrderTest {
  private final EvalBenchmark gpqa = EvalBenchmark.builtIn("GPQA-Diamond").orElseThrow();

  private static ObjectNode gpqaRecord(int i) {
    return Rows.JSON
        .createObjectNode()
        .put("Question", "q" + i)
        .put("Correct Answer", "right " + i)
        .put("Incorrect Answer 1", "wrong a " + i)
        .put("Incorrect Answer 2", "wrong b " + i)
        .put("Incorrect Answer 3", "wrong c " + i);
  }

  @Test
  void theOrderIsFixedPerQuestionAndTheLetterNamesTheRightChoice() {
    int[] letters = new int[4];
    for (int i = 0; i < 400; i++) {
      ChoiceOrder order = ChoiceOrder.of(gpqaRecord(i), gpqa, "right " + i, "GPQA/" + i);
      assertEquals(order, ChoiceOrder.of(gpqaRecord(i), gpqa, "right " + i, "GPQA/" + i));
      assertEquals("right " + i, order.choices().get(order.rightLetter().charAt(0) - 'A'));
      assertEquals(4, order.choices().size());
      assertTrue(order.listing().contains(order.rightLetter() + ") right " + i), order.listing());
      letters[order.right()]++;
    }
    for (int count : letters) {
      assertTrue(
          count > 60 && count < 140,
          "right answers by letter: " + List.of(letters[0], letters[1], letters[2], letters[3]));
    }
  }

  @Test
  void aListOfChoicesTakesTheAnswerAsTextLetterOrIndex() {
    EvalBenchmark listed =
        new EvalBenchmark(
            "mc", "multiple-choice", 1, "q", "a", "id", List.of("choices"), "{question}");
    ObjectNode record = Rows.JSON.createObjectNode();
    record.putArray("choices").add("red").add("green").add("blue");
    for (String answer : List.of("green", "B", "1")) {
      ChoiceOrder order = ChoiceOrder.of(record, listed, answer, "mc/1");
      assertEquals("green", order.choices().get(order.right()), answer);
    }
    assertThrows(
        IllegalArgumentException.class, () -> ChoiceOrder.of(record, listed, "purple", "mc/1"));
  }
}
