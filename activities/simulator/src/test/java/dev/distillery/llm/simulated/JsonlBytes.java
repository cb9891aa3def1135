package dev.distillery.llm.simulated;

import java.nio.charset.StandardCharsets;

/** JSON Lines files written out in tests, as the bytes a client uploads. */
public final class JsonlBytes {
  private JsonlBytes() {}

  /** {@code lines}, each ended by a newline, in UTF-8. */
  public static byte[] of(String... lines) {
    return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
  }
}
