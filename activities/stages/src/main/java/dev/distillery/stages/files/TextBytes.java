package dev.distillery.stages.files;

import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Tells text from binary data in files that must be UTF-8 text (JSONL and CSV). A file whose first
 * block holds a NUL byte is binary as a whole; later, each record is checked on its own, so that a
 * stray byte fails (or skips) one line, not the file.
 */
final class TextBytes {
  /** How many bytes at the start of a file are sniffed for binary data. */
  static final int SNIFF = 8_192;

  /**
   * What the {@link #decoder()} writes for bytes that are not UTF-8: a lone low surrogate, which
   * decoding valid UTF-8 never gives, so it marks exactly the bytes that were not text.
   */
  private static final char NOT_UTF8 = '\uDFFF';

  private TextBytes() {}

  /**
   * A UTF-8 decoder that marks malformed bytes instead of failing on them, so the reader can say
   * which line they are on (see {@link #problem}).
   */
  static CharsetDecoder decoder() {
    return StandardCharsets.UTF_8
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPLACE)
        .onUnmappableCharacter(CodingErrorAction.REPLACE)
        .replaceWith(String.valueOf(NOT_UTF8));
  }

  /**
   * Why the start of a file shows it is not text, or null when it may be: a NUL byte, with what the
   * file probably is when its magic bytes tell.
   */
  static String binary(byte[] head, int length) {
    int nul = -1;
    for (int i = 0; i < length; i++) {
      if (head[i] == 0) {
        nul = i;
        break;
      }
    }
    if (nul < 0) {
      return null;
    }
    if (length >= 2 && (head[0] & 0xFF) == 0x1F && (head[1] & 0xFF) == 0x8B) {
      return "gzip-compressed data, which Distillery does not decompress (decompress it with"
          + " gunzip, or recompress it with zstd, which it reads)";
    }
    if (length >= 4 && head[0] == 'P' && head[1] == 'A' && head[2] == 'R' && head[3] == '1') {
      return "a Parquet file (set params.format: parquet, or name it .parquet)";
    }
    if (length >= 2
        && ((head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xFE
            || (head[0] & 0xFF) == 0xFE && (head[1] & 0xFF) == 0xFF)) {
      return "UTF-16 text (convert it to UTF-8, e.g. iconv -f utf-16 -t utf-8)";
    }
    return "binary data (a NUL byte at offset " + nul + ")";
  }

  /**
   * What makes a decoded record not text, or null: bytes that were not UTF-8, or a NUL character.
   */
  static BadRecord problem(CharSequence text, long line) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == NOT_UTF8 && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1)))) {
        return new BadRecord(
            line,
            "not_utf8",
            "is not UTF-8 text (convert the file to UTF-8, e.g. iconv -f latin1 -t utf-8)",
            readable(text));
      }
      if (c == 0) {
        return new BadRecord(line, "binary", "holds a NUL byte, so it is not text", readable(text));
      }
    }
    return null;
  }

  /** {@code text} with the marks of bytes that were not UTF-8 shown as U+FFFD, as JSON can hold. */
  private static String readable(CharSequence text) {
    StringBuilder out = new StringBuilder(Math.min(text.length(), BadRecord.MAX_TEXT));
    for (int i = 0; i < text.length() && out.length() <= BadRecord.MAX_TEXT; i++) {
      char c = text.charAt(i);
      boolean paired = i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
      out.append(c == NOT_UTF8 && !paired ? '\uFFFD' : c);
    }
    return out.toString();
  }
}
