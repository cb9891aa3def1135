package dev.distillery.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.temporal.failure.ApplicationFailure;
import org.junit.jupiter.api.Test;

class FailuresTest {
  @Test
  void theFirstNonEmptyApplicationMessageWinsOverEmptyLowLevelCauses() {
    ApplicationFailure chain =
        ApplicationFailure.newFailureWithCause(
            "Chat completion to http://x failed after 2 attempts",
            "java.io.IOException",
            ApplicationFailure.newFailure("", "java.net.ConnectException"));
    assertEquals("Chat completion to http://x failed after 2 attempts", Failures.message(chain));
  }

  @Test
  void anEmptyOuterMessageFallsThroughToACauseThatSaysSomething() {
    ApplicationFailure chain =
        ApplicationFailure.newFailureWithCause(
            "", "Wrapper", ApplicationFailure.newFailure("the file is missing", "UserError"));
    assertEquals("the file is missing", Failures.message(chain));
  }
}
