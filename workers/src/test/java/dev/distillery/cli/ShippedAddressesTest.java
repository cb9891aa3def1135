package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.distillery.plan.ExperimentPlan;
import dev.distillery.plan.PlannedStage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Pins the content address of every stage of every shipped recipe and sweep under {@code recipes/},
 * planned as {@code distill plan} plans them ({@link SweepFiles#expand}, local files
 * fingerprinted), against {@code src/test/resources/golden/addresses.txt}. A change to a kind's
 * version, params, defaults or the way addresses are computed changes an address and fails here;
 * when the change is intended (a version bump), regenerate the file and say so in the commit:
 *
 * <pre>
 * ./mvnw -B -q -o -pl workers -am test -Dtest=ShippedAddressesTest \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Ddistill.golden.write=true
 * </pre>
 *
 * <p>Each line is {@code file stage-id kind@version address}, one per unique stage of the file.
 */
class ShippedAddressesTest {
  private static final Path RECIPES = Path.of(CliHarness.repo("recipes"));
  private static final Path GOLDEN = Path.of("src/test/resources/golden/addresses.txt");

  @Test
  void everyShippedStageKeepsItsContentAddress() throws Exception {
    List<String> lines = new ArrayList<>();
    for (Path file : yamlFiles()) {
      Set<String> unique = new LinkedHashSet<>();
      for (ExperimentPlan experiment : SweepFiles.expand(file)) {
        for (PlannedStage stage : experiment.stages()) {
          unique.add(
              String.format(
                  "%s %s %s@%d %s",
                  RECIPES.relativize(file).toString().replace('\\', '/'),
                  stage.id(),
                  stage.kind(),
                  stage.kindVersion(),
                  stage.key()));
        }
      }
      lines.addAll(unique);
    }
    String actual = String.join("\n", lines) + "\n";
    if (Boolean.getBoolean("distill.golden.write")) {
      Files.createDirectories(GOLDEN.getParent());
      Files.writeString(GOLDEN, actual);
    }
    assertEquals(Files.readString(GOLDEN), actual, "content addresses of the shipped recipes");
  }

  private static List<Path> yamlFiles() throws IOException {
    try (Stream<Path> walk = Files.walk(RECIPES)) {
      return walk.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
          .sorted()
          .toList();
    }
  }
}
