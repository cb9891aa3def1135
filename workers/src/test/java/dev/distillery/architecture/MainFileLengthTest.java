package dev.distillery.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No main source file of the project is over {@value #MAX_LINES} lines unless its class javadoc
 * says why ("long because ..."): a long file is either split along a seam or explains itself.
 * Checks every module's {@code src/main/java} from the project root (the workers module's parent).
 */
class MainFileLengthTest {
  static final int MAX_LINES = 400;
  private static final String MARKER = "long because";
  private static final Pattern TYPE =
      Pattern.compile(
          "^(public |final |abstract |sealed |non-sealed )*(class|record|interface|enum|@interface) ");

  @Test
  void longMainFilesSayWhyInTheirClassJavadoc() throws IOException {
    Path root = Path.of("..").toAbsolutePath().normalize();
    List<Path> sources = mainSources(root);
    assertTrue(
        sources.stream().anyMatch(f -> f.endsWith("SweepWorkflowImpl.java")),
        "the walk from " + root + " missed the workflows module");
    List<String> unexplained = new ArrayList<>();
    for (Path file : sources) {
      List<String> lines = Files.readAllLines(file);
      if (lines.size() > MAX_LINES && !classJavadoc(lines).contains(MARKER)) {
        unexplained.add(root.relativize(file) + ": " + lines.size() + " lines");
      }
    }
    assertEquals(
        List.of(),
        unexplained,
        "split these files, or say in the class javadoc why each is long (\"" + MARKER + " ...\")");
  }

  @Test
  void theMarkerCountsOnlyInTheClassJavadoc() {
    List<String> marked =
        List.of(
            "/**",
            " * A thing.",
            " *",
            " * <p>It is long because",
            " * reasons.",
            " */",
            "final class A {}");
    List<String> inBody =
        List.of("/** A thing. */", "final class A {", "  // long because reasons", "}");
    assertTrue(classJavadoc(marked).contains(MARKER));
    assertEquals("A thing.", classJavadoc(inBody));
  }

  private static List<Path> mainSources(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(f -> f.toString().endsWith(".java"))
          .filter(f -> root.relativize(f).toString().replace('\\', '/').contains("src/main/java/"))
          .filter(f -> !root.relativize(f).toString().replace('\\', '/').contains("/target/"))
          .sorted()
          .toList();
    }
  }

  /**
   * The javadoc right before the file's top-level type, its lines joined, leading stars dropped.
   */
  static String classJavadoc(List<String> lines) {
    int type = 0;
    while (type < lines.size() && !TYPE.matcher(lines.get(type)).find()) {
      type++;
    }
    int start = type - 1;
    while (start >= 0 && !lines.get(start).startsWith("/**")) {
      start--;
    }
    if (start < 0) {
      return "";
    }
    StringBuilder text = new StringBuilder();
    for (String line : lines.subList(start, type)) {
      String part = line.strip().replaceFirst("^/\\*\\*", "").replaceFirst("\\*/$", "");
      text.append(' ').append(part.replaceFirst("^\\*", "").strip());
    }
    return text.toString().replaceAll("\\s+", " ").strip();
  }
}
