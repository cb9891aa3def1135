package dev.distillery.llm.simulated;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SimulatedTrainingFileTest {

  private static final String Q = "Compute 2 + 3 * 4. Give the final answer in \\\\boxed{}.";

  private static String row(String question, String answer) {
    return "{\"messages\":[{\"role\":\"system\",\"content\":\"Think.\"},"
        + "{\"role\":\"user\",\"content\":\""
        + question
        + "\"},{\"role\":\"assistant\",\"content\":\""
        + answer
        + "\"}]}";
  }

  @Test
  void countsRowsAndTheRowsWhoseLastBoxedAnswerIsTheValue() {
    SimulatedTrainingFile file =
        SimulatedTrainingFile.parse(
            JsonlBytes.of(
                row(Q, "<think>3 * 4 = 12, 2 + 12 = 14</think> So \\\\boxed{14}."),
                row(Q, "First \\\\boxed{20}, no: \\\\boxed{ 14 }"),
                row(Q, "\\\\boxed{14} or rather \\\\boxed{20}"),
                row(Q, "14, without a box"),
                row("What is the capital of France?", "\\\\boxed{Paris}"),
                ""));

    assertEquals(5, file.rows());
    assertEquals(2, file.rightRows());
    assertTrue(file.tokens() > 5 * 3, "every message's words count: " + file.tokens());
    assertEquals(SimulatedFineTunedModel.accuracy(5, 2), file.accuracy());
  }

  @Test
  void rejectsWhatIsNotAChatExampleNamingTheLine() {
    String[][] cases = {
      {"not json", "Line 2: the line is not JSON"},
      {"{\"prompt\":\"x\",\"completion\":\"y\"}", "Line 2: missing 'messages'"},
      {"{\"messages\":[{\"role\":\"bot\",\"content\":\"x\"}]}", "unrecognized role 'bot'"},
      {"{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", "no assistant message"},
      {"{\"messages\":[{\"role\":\"assistant\"}]}", "message 1 has no text 'content'"},
    };
    for (String[] c : cases) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> SimulatedTrainingFile.parse(JsonlBytes.of(row(Q, "\\\\boxed{14}"), c[0])));
      assertTrue(e.getMessage().contains("invalid training file"), e.getMessage());
      assertTrue(e.getMessage().contains(c[1]), e.getMessage());
    }
    assertThrows(
        IllegalArgumentException.class, () -> SimulatedTrainingFile.parse(JsonlBytes.of("", "")));
  }
}
