package dev.distillery.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the {@code workflows} module free of I/O and non-determinism: its code plans and
 * orchestrates; files, networks, clocks, randomness and threads belong to activities and workers.
 * {@code java.net.URI} is allowed: parsing a URL is a pure function (validation checks endpoint
 * URLs), unlike {@code URL}, whose {@code equals} resolves host names.
 */
class WorkflowsModuleIsPureTest {
  private static final Pattern FORBIDDEN =
      Pattern.compile(
          "import java\\.nio\\.file|import java\\.net\\.(?!URI;|URISyntaxException;)|import java\\.io\\.File"
              + "|import java\\.util\\.Random|import java\\.util\\.concurrent\\.(?!ConcurrentHashMap)"
              + "|import software\\.amazon|import java\\.time\\.(Clock|Instant|LocalDate)"
              + "|System\\.currentTimeMillis|System\\.nanoTime|new Thread|Thread\\.sleep"
              + "|Math\\.random|UUID\\.randomUUID|System\\.getenv");

  @Test
  void mainSourcesUseNoIoClocksRandomnessOrThreads() throws IOException {
    List<String> offences = new ArrayList<>();
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
          if (FORBIDDEN.matcher(lines.get(i)).find()) {
            offences.add(file + ":" + (i + 1) + ": " + lines.get(i).trim());
          }
        }
      }
    }
    assertEquals(List.of(), offences);
  }
}
