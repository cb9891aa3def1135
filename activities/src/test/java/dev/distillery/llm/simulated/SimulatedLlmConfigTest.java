package dev.distillery.llm.simulated;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimulatedLlmConfigTest {

  /** A value unlike the default for each component type (valid for every field of that type). */
  private static final Map<Class<?>, Object> OTHER =
      Map.of(
          String.class,
          "reasoning",
          double.class,
          0.125,
          Duration.class,
          Duration.ofSeconds(7),
          int.class,
          3,
          long.class,
          11L,
          boolean.class,
          false);

  @Test
  void everyWitherChangesItsOwnFieldAndNoOther() throws Exception {
    SimulatedLlmConfig defaults = SimulatedLlmConfig.defaults();
    for (RecordComponent component : SimulatedLlmConfig.class.getRecordComponents()) {
      String name = component.getName();
      Class<?> type = component.getType();
      Object value =
          type == boolean.class
              ? !(Boolean) component.getAccessor().invoke(defaults)
              : OTHER.get(type);
      Method wither =
          SimulatedLlmConfig.class.getMethod(
              "with" + Character.toUpperCase(name.charAt(0)) + name.substring(1), type);

      SimulatedLlmConfig changed = (SimulatedLlmConfig) wither.invoke(defaults, value);

      for (RecordComponent other : SimulatedLlmConfig.class.getRecordComponents()) {
        Object before = other.getAccessor().invoke(defaults);
        Object after = other.getAccessor().invoke(changed);
        if (other.getName().equals(name)) {
          assertEquals(value, after, name);
          assertNotEquals(before, after, name + " had that value already");
        } else {
          assertEquals(before, after, "the wither of " + name + " changed " + other.getName());
        }
      }
    }
  }

  @Test
  void withersValidateAndToStringRedactsTheApiKey() {
    SimulatedLlmConfig config = SimulatedLlmConfig.defaults().withRequireApiKey("sk-secret-42");
    assertFalse(config.toString().contains("sk-secret-42"), config.toString());
    assertTrue(config.toString().contains("requireApiKey=<redacted>"), config.toString());
    assertThrows(
        IllegalArgumentException.class, () -> SimulatedLlmConfig.defaults().withAccuracy(1.5));
    assertThrows(
        IllegalArgumentException.class,
        () -> SimulatedLlmConfig.defaults().withFailureRate(0.6).withRateLimitRate(0.6));
  }
}
