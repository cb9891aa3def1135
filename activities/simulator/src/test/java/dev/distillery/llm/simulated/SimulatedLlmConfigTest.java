package dev.distillery.llm.simulated;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
  void defaultsAreTheDocumentedOnes() {
    SimulatedLlmConfig expected =
        new SimulatedLlmConfig(
            "simulated-teacher",
            0.8,
            Duration.ZERO,
            Duration.ZERO,
            0,
            0,
            0,
            0,
            0,
            Duration.ofSeconds(30),
            0,
            0,
            0,
            true,
            false,
            "reasoning_content",
            null,
            0,
            0,
            Duration.ofSeconds(1),
            0,
            1,
            Duration.ofSeconds(2));
    assertEquals(expected, SimulatedLlmConfig.defaults());
    assertEquals(expected, SimulatedLlmConfig.builder().build());
  }

  @Test
  void everyBuilderMethodSetsItsOwnComponentAndNoOther() throws Exception {
    SimulatedLlmConfig defaults = SimulatedLlmConfig.defaults();
    for (RecordComponent component : SimulatedLlmConfig.class.getRecordComponents()) {
      String name = component.getName();
      Object value = otherThanDefault(component, defaults);
      SimulatedLlmConfigBuilder builder = defaults.toBuilder();
      SimulatedLlmConfigBuilder.class.getMethod(name, component.getType()).invoke(builder, value);

      SimulatedLlmConfig changed = builder.build();

      for (RecordComponent other : SimulatedLlmConfig.class.getRecordComponents()) {
        Object before = other.getAccessor().invoke(defaults);
        Object after = other.getAccessor().invoke(changed);
        if (other.getName().equals(name)) {
          assertEquals(value, after, name);
          assertNotEquals(before, after, name + " had that value already");
        } else {
          assertEquals(before, after, "setting " + name + " changed " + other.getName());
        }
      }
    }
  }

  @Test
  void toBuilderCopiesEveryComponent() throws Exception {
    SimulatedLlmConfig defaults = SimulatedLlmConfig.defaults();
    SimulatedLlmConfigBuilder builder = SimulatedLlmConfig.builder();
    for (RecordComponent component : SimulatedLlmConfig.class.getRecordComponents()) {
      SimulatedLlmConfigBuilder.class
          .getMethod(component.getName(), component.getType())
          .invoke(builder, otherThanDefault(component, defaults));
    }
    SimulatedLlmConfig allChanged = builder.build();

    assertEquals(allChanged, allChanged.toBuilder().build());
  }

  @Test
  void buildValidatesTheWholeConfigWhateverTheOrderOfTheSetters() {
    assertThrows(
        IllegalArgumentException.class, () -> SimulatedLlmConfig.builder().accuracy(1.5).build());
    assertThrows(
        IllegalArgumentException.class,
        () -> SimulatedLlmConfig.builder().failureRate(0.6).rateLimitRate(0.6).build());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            SimulatedLlmConfig.builder()
                .latencyP99(Duration.ofMillis(10))
                .latency(Duration.ofMillis(50))
                .build());
    SimulatedLlmConfig slow =
        SimulatedLlmConfig.builder()
            .latency(Duration.ofMillis(50))
            .latencyP99(Duration.ofMillis(500))
            .build()
            .toBuilder()
            .latency(Duration.ofMillis(600))
            .latencyP99(Duration.ofSeconds(1))
            .build();
    assertEquals(Duration.ofMillis(600), slow.latency());
    assertEquals(Duration.ofSeconds(1), slow.latencyP99());
  }

  @Test
  void toStringPrintsEveryComponentButRedactsTheApiKey() {
    assertEquals(
        "SimulatedLlmConfig[model=simulated-teacher, accuracy=0.8, latency=PT0S, latencyP99=PT0S,"
            + " tokensPerSecond=0.0, failureRate=0.0, rateLimitRate=0.0, requestsPerMinute=0,"
            + " stallRate=0.0, stallFor=PT30S, malformedRate=0.0, resetRate=0.0,"
            + " emptyContentRate=0.0, supportsN=true, thinkTags=false,"
            + " reasoningField=reasoning_content, requireApiKey=<none>, port=0, faultSeed=0,"
            + " batchDuration=PT1S, batchExpireRate=0.0, batchesThatExpire=1,"
            + " fineTuneDuration=PT2S]",
        SimulatedLlmConfig.defaults().toString());
    SimulatedLlmConfig config = SimulatedLlmConfig.builder().requireApiKey("sk-secret-42").build();
    assertFalse(config.toString().contains("sk-secret-42"), config.toString());
    assertTrue(config.toString().contains("requireApiKey=<redacted>"), config.toString());
  }

  private static Object otherThanDefault(RecordComponent component, SimulatedLlmConfig defaults)
      throws ReflectiveOperationException {
    return component.getType() == boolean.class
        ? !(Boolean) component.getAccessor().invoke(defaults)
        : OTHER.get(component.getType());
  }
}
