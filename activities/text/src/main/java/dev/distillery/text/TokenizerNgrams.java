package dev.distillery.text;

import ai.djl.engine.EngineException;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * N-grams over the token ids of a Hugging Face tokenizer, given as its {@code tokenizer.json}: the
 * ids that tokenizer gives a text, with no special tokens added and nothing truncated. It runs
 * Hugging Face's own tokenizers code (Rust) through DJL's binding, so the ids are those the model
 * was trained on.
 *
 * <p>DJL is kept offline: unless they are already set, the system properties {@code
 * ai.djl.offline}, {@code OPT_OUT_TRACKING} and {@code RUST_FLAVOR=cpu} are set before its first
 * use, so it loads the CPU build of the native library bundled in its jar (extracted once to {@code
 * DJL_CACHE_DIR}, by default {@code ~/.djl.ai}), downloads nothing (not even a CUDA build on a
 * machine with a GPU) and sends no telemetry.
 *
 * <p>Holds native memory until {@link #close()}d. Not thread-safe: DJL does not promise that one
 * tokenizer encodes from several threads at once.
 */
public final class TokenizerNgrams implements Ngrams, AutoCloseable {
  private static final Map<String, String> OPTIONS =
      Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false");

  static {
    setIfAbsent("ai.djl.offline", "true");
    setIfAbsent("OPT_OUT_TRACKING", "true");
    setIfAbsent("RUST_FLAVOR", "cpu");
  }

  private final HuggingFaceTokenizer tokenizer;

  private TokenizerNgrams(HuggingFaceTokenizer tokenizer) {
    this.tokenizer = tokenizer;
  }

  private static void setIfAbsent(String property, String value) {
    if (System.getProperty(property) == null) {
      System.setProperty(property, value);
    }
  }

  /**
   * Loads the tokenizer that {@code json}, the content of a {@code tokenizer.json}, describes.
   *
   * @throws IllegalArgumentException when it is not a tokenizer the library can load; the message
   *     is the library's
   * @throws IllegalStateException when the native library cannot be loaded on this machine
   */
  public static TokenizerNgrams fromJson(String json) {
    try {
      return new TokenizerNgrams(
          HuggingFaceTokenizer.newInstance(
              new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), OPTIONS));
    } catch (EngineException e) {
      throw new IllegalStateException(e.getMessage() + causes(e), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private static String causes(Throwable e) {
    StringBuilder out = new StringBuilder();
    for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
      out.append(": ").append(c.getMessage());
    }
    return out.toString();
  }

  /** The token ids of {@code text}, in order. */
  public long[] ids(String text) {
    return tokenizer.encode(text, false, false).getIds();
  }

  @Override
  public long[] hashes(NormalizedText text, int n) {
    return hashes(text.toString(), n);
  }

  @Override
  public long[] hashes(String text, int n) {
    long[] units = ids(text);
    for (int i = 0; i < units.length; i++) {
      units[i] = Texts.mix(units[i] + 0x9E3779B97F4A7C15L);
    }
    return WordNgrams.hashesOfWords(units, n);
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
