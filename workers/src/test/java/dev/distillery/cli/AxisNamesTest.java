package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Short column names for override paths, told apart when they end alike, and their legend. */
class AxisNamesTest {
  @Test
  void pathsAreNamedByTheirLastSegmentOrAsManyAsTellThemApart() {
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("stages.teacher.samples", "samples");
    expected.put("stages.teacher.model", "teacher.model");
    expected.put("stages.filter.model", "filter.model");
    expected.put("stages.a.x.path", "a.x.path");
    expected.put("stages.b.x.path", "b.x.path");
    expected.put("n", "n");
    expected.put("stages.teacher.n", "teacher.n");
    assertEquals(expected, AxisNames.of(List.copyOf(expected.keySet())));
  }

  @Test
  void theLegendMapsEachShortNameToItsPath() {
    StringWriter text = new StringWriter();
    try (PrintWriter out = new PrintWriter(text)) {
      AxisNames.printLegend(AxisNames.of(List.of("stages.teacher.n", "seed")), out);
    }
    assertTrue(text.toString().contains("\n  n  stages.teacher.n\n"), text.toString());
    assertTrue(!text.toString().contains("seed"), "a name that is its path needs no line");
  }
}
