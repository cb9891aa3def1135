package dev.distillery.training;

import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * The stand-in training and serving commands of the test resources (they train and serve nothing).
 */
final class StandIns {
  private StandIns() {}

  /** {@code python3 <stand-in-trainer.py>}, shell-quoted. */
  static String trainer() {
    return "python3 " + ShellTemplate.quote(resource("/stand-in-trainer.py").toString());
  }

  /** {@code python3 <stand-in-serve.py>}, shell-quoted. */
  static String server() {
    return "python3 " + ShellTemplate.quote(resource("/stand-in-serve.py").toString());
  }

  private static Path resource(String name) {
    try {
      return Path.of(StandIns.class.getResource(name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
