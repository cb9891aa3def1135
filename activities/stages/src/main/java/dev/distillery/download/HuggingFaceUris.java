package dev.distillery.download;

import java.net.URI;

/**
 * Maps {@code hf://datasets/<owner>/<name>[@<revision>]/<path>} to the file's download URL, {@code
 * <endpoint>/datasets/<owner>/<name>/resolve/<revision>/<path>} (revision {@code main} by default),
 * as the Hugging Face hub serves it.
 */
public final class HuggingFaceUris {
  /** The public hub; the {@code HF_ENDPOINT} environment variable overrides it, as in its tools. */
  public static final String DEFAULT_ENDPOINT = "https://huggingface.co";

  private static final String PREFIX = "hf://datasets/";

  private HuggingFaceUris() {}

  /** Whether {@code location} is an {@code hf://} URI. */
  public static boolean isHuggingFace(String location) {
    return location.startsWith("hf://");
  }

  /**
   * The download URL of an {@code hf://datasets/...} URI.
   *
   * @throws IllegalArgumentException with a message naming the expected form when it is malformed
   */
  public static URI resolve(String hfUri, String endpoint) {
    if (!hfUri.startsWith(PREFIX)) {
      throw new IllegalArgumentException(
          "only dataset files are supported: write hf://datasets/<owner>/<name>/<path in repo>");
    }
    String[] parts = hfUri.substring(PREFIX.length()).split("/", 3);
    if (parts.length < 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
      throw new IllegalArgumentException(
          "expected hf://datasets/<owner>/<name>/<path in repo>, e.g."
              + " hf://datasets/openai/gsm8k/main/train-00000-of-00001.parquet");
    }
    String name = parts[1];
    String revision = "main";
    int at = name.indexOf('@');
    if (at >= 0) {
      revision = name.substring(at + 1);
      name = name.substring(0, at);
    }
    String base = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
    return URI.create(
        base + "/datasets/" + parts[0] + "/" + name + "/resolve/" + revision + "/" + parts[2]);
  }
}
