package dev.distillery.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A stage that counts no rows (a training command) is described by what it says it is doing. */
class StageProgressTest {
  @Test
  void aStageWithoutRowsShowsItsLastProgressLine() {
    String line = "{'loss': 0.8123, 'grad_norm': 1.2, 'learning_rate': 4e-05, 'epoch': 1.5}";
    assertEquals(line, StageProgress.ofRows(0, -1, line).describe(0));
    String bar = "x".repeat(200);
    assertEquals("x".repeat(77) + "...", StageProgress.ofRows(0, 0, bar).describe(0));
  }

  @Test
  void rowsWinOverTheNoteAndNoNoteReadsAsRows() {
    assertEquals("3/10 rows (30%)", StageProgress.ofRows(3, 10, "step 3").describe(0));
    assertEquals("0 rows", StageProgress.ofRows(0, -1).describe(0));
  }
}
