package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PluralTest {
  @Test
  void oneIsSingularAndEveryOtherCountPlural() {
    assertEquals("1 experiment", Plural.of(1, "experiment"));
    assertEquals("0 experiments", Plural.of(0, "experiment"));
    assertEquals("2 unique stages", Plural.of(2, "unique stage"));
    assertEquals("row", Plural.noun(1, "row"));
    assertEquals("rows", Plural.noun(-1, "row"));
  }
}
