package dev.distillery.stages;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.distillery.recipe.ParamSpec;
import dev.distillery.recipe.StageKind;
import dev.distillery.recipe.StageKinds;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Pins the catalogue as recipes see it, against {@code src/test/resources/golden/kinds.txt}: every
 * kind's version, input counts and summary, and every param's name, type, whether it is required,
 * its default (value and JSON node type), whether it moves the content address, and its doc. The
 * params are made from each kind's params record, so a changed annotation fails here; when the
 * change is intended, regenerate the file and review its diff:
 *
 * <pre>
 * ./mvnw -B -q -o -pl activities -am test -Dtest=KindCatalogueTest \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Ddistill.golden.write=true
 * </pre>
 */
class KindCatalogueTest {
  private static final Path GOLDEN = Path.of("src/test/resources/golden/kinds.txt");

  @Test
  void everyKindsParamsAreAsPinned() throws Exception {
    StringBuilder actual = new StringBuilder();
    for (StageKind kind : StageKinds.all()) {
      for (ParamSpec p : kind.params()) {
        actual.append(
            String.join(
                " ",
                kind.name(),
                p.name(),
                p.type().toString(),
                String.valueOf(p.required()),
                String.valueOf(p.defaultValue()),
                p.defaultValue() == null ? "" : p.defaultValue().getClass().getSimpleName(),
                String.valueOf(p.affectsOutput()),
                p.doc()));
        actual.append('\n');
      }
      actual.append(
          String.format(
              "%s v%d %d-%d %s%n",
              kind.name(), kind.version(), kind.minInputs(), kind.maxInputs(), kind.summary()));
    }
    if (Boolean.getBoolean("distill.golden.write")) {
      Files.writeString(GOLDEN, actual);
    }
    assertEquals(Files.readString(GOLDEN), actual.toString());
  }
}
