package dev.distillery.stages;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.distillery.recipe.ParamRule;
import dev.distillery.recipe.StageKind;
import dev.distillery.recipe.StageKinds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Pins the value checks of every kind, against {@code src/test/resources/golden/rules.txt}: each
 * rule's param and requirement (the text after "must be" in errors), and the params that name files
 * (in their order), sorted, as most come from the params records' {@code @Param} attributes and the
 * rest from the kinds' {@code rules()}. When a change is intended, regenerate the file and review
 * its diff:
 *
 * <pre>
 * ./mvnw -B -q -o -pl activities -am test -Dtest=KindRulesTest \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Ddistill.golden.write=true
 * </pre>
 */
class KindRulesTest {
  private static final Path GOLDEN = Path.of("src/test/resources/golden/rules.txt");

  @Test
  void everyKindsChecksAreAsPinned() throws Exception {
    List<String> lines = new ArrayList<>();
    for (StageKind kind : StageKinds.all()) {
      for (ParamRule rule : StageKinds.rules(kind.name())) {
        lines.add(kind.name() + " " + rule.param() + " must be " + rule.requirement() + "\n");
      }
      List<String> files = StageKinds.fileParams(kind.name());
      for (int i = 0; i < files.size(); i++) {
        lines.add(kind.name() + " " + files.get(i) + " names files (" + i + ")\n");
      }
    }
    String actual = String.join("", lines.stream().sorted().toList());
    if (Boolean.getBoolean("distill.golden.write")) {
      Files.writeString(GOLDEN, actual);
    }
    assertEquals(Files.readString(GOLDEN), actual);
  }
}
