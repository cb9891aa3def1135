package dev.distillery.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.luben.zstd.ZstdOutputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.util.HexFormat;

/**
 * Builds one zstd-compressed JSON-lines part in a local temp file, hashing the compressed bytes as
 * they are written, and uploads it on {@link #finish}. Not thread-safe: its owner synchronizes.
 */
final class PartWriter {
  /**
   * zstd's fastest regular level: on question JSONL it compresses at about twice the speed of level
   * 3 for files some 10% larger, and a stage that passes rows through spends most of its time
   * compressing.
   */
  private static final int ZSTD_LEVEL = 1;

  private final Path tempFile;
  private final DigestOutputStream digest;
  private final OutputStream out;
  private long rows;

  PartWriter(String tempPrefix) throws IOException {
    tempFile = Files.createTempFile("distill-" + tempPrefix + "-", ".jsonl.zst");
    digest =
        new DigestOutputStream(
            new BufferedOutputStream(Files.newOutputStream(tempFile), 1 << 16), RowReader.sha256());
    out = new BufferedOutputStream(new ZstdOutputStream(digest, ZSTD_LEVEL), 1 << 16);
  }

  void write(ObjectNode row) throws IOException {
    write(StoreJson.MAPPER.writeValueAsBytes(row));
  }

  /** Appends a JSON object's UTF-8 bytes (one line, no newline) as they are. */
  void write(byte[] line) throws IOException {
    out.write(line);
    out.write('\n');
    rows++;
  }

  long rows() {
    return rows;
  }

  /** Closes the part, uploads it as {@code folder/name} and deletes the temp file. */
  OutputFile finish(BlobStore blobs, String folder, String name) throws IOException {
    out.close();
    String sha = HexFormat.of().formatHex(digest.getMessageDigest().digest());
    long bytes = Files.size(tempFile);
    blobs.putFile(folder + "/" + name, tempFile);
    Files.deleteIfExists(tempFile);
    return new OutputFile(name, sha, bytes, rows);
  }

  /** Drops the part without uploading it, best effort. */
  void discard() {
    try {
      out.close();
    } catch (IOException ignored) {
      // Aborting: the temp file is deleted next.
    }
    try {
      Files.deleteIfExists(tempFile);
    } catch (IOException ignored) {
      // Best effort; the OS cleans its temp dir.
    }
  }
}
