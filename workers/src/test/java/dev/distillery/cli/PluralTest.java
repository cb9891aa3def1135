package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
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

  @Test
  void firstNamesShowsSomeNamesAndCountsTheRest() {
    List<String> names = List.of("a", "b", "c", "d");
    assertEquals("a, b and 2 more", Plural.firstNames(names, 2));
    assertEquals("a, b, c and 1 more", Plural.firstNames(names, 3));
    assertEquals("a, b, c, d", Plural.firstNames(names, 4));
    assertEquals("a, b, c, d", Plural.firstNames(names, 10));
    assertEquals("", Plural.firstNames(List.of(), 3));
  }
}
