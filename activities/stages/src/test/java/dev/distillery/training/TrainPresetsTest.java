package dev.distillery.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The study's presets, as the recipe reference lists them. */
class TrainPresetsTest {
  @Test
  void presetsAreTheStudys() {
    assertEquals(List.of("micro", "small", "medium", "large"), TrainPresets.names());
    assertEquals(new TrainPreset("micro", 32, 1e-5, 13, false), TrainPresets.find("micro").get());
    assertEquals(new TrainPreset("small", 96, 2e-5, 7, false), TrainPresets.find("small").get());
    assertEquals(new TrainPreset("medium", 128, 4e-5, 5, false), TrainPresets.find("medium").get());
    assertEquals(new TrainPreset("large", 512, 8e-5, 5, true), TrainPresets.find("large").get());
  }

  @Test
  void findIgnoresCaseAndKnowsNoOthers() {
    assertEquals("medium", TrainPresets.find(" Medium ").get().name());
    assertTrue(TrainPresets.find("huge").isEmpty());
    assertTrue(TrainPresets.find(null).isEmpty());
  }
}
