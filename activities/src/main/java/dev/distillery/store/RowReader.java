package dev.distillery.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.luben.zstd.ZstdInputStream;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Streams the rows of a stage's files, in manifest order, one JSON line at a time. Only one part's
 * decompression buffers are held in memory.
 *
 * <p>Each file's sha256 is computed while it is read and compared with the manifest when the file
 * ends; a difference throws {@link ChecksumMismatchException}. Rows of a file are therefore handed
 * out before its checksum is known: treat that exception as failing everything read so far.
 *
 * <p>Use either {@link #next()} or {@link #iterator()} (once; it wraps I/O errors in {@link
 * UncheckedIOException}), and close the reader.
 */
public final class RowReader implements Iterable<ObjectNode>, AutoCloseable {
  private final BlobStore blobs;
  private final String folder;
  private final List<OutputFile> files;
  private int fileIndex = -1;
  private OutputFile current;
  private DigestInputStream digest;
  private BufferedReader lines;
  private long rowsInFile;
  private long rowsRead;
  private boolean iterated;

  RowReader(BlobStore blobs, String folder, List<OutputFile> files) {
    this.blobs = blobs;
    this.folder = folder;
    this.files = List.copyOf(files);
  }

  /**
   * The next row, or null after the last row of the last file.
   *
   * @throws ChecksumMismatchException when a file's bytes differ from the manifest
   * @throws java.io.FileNotFoundException when a file listed in the manifest is missing
   */
  public ObjectNode next() throws IOException {
    while (true) {
      if (lines == null && !openNextFile()) {
        return null;
      }
      String line;
      try {
        line = lines.readLine();
      } catch (IOException e) {
        throw failCurrent(e);
      }
      if (line == null) {
        finishCurrent();
        continue;
      }
      if (line.isEmpty()) {
        continue;
      }
      JsonNode node;
      try {
        node = StoreJson.MAPPER.readTree(line);
      } catch (IOException e) {
        throw failCurrent(e);
      }
      if (!(node instanceof ObjectNode row)) {
        throw failCurrent(
            new IOException("line " + (rowsInFile + 1) + " of " + uri(current) + " is no object"));
      }
      rowsInFile++;
      rowsRead++;
      return row;
    }
  }

  /** Rows returned so far, over all files. */
  public long rowsRead() {
    return rowsRead;
  }

  /**
   * A single-use iterator over the remaining rows; I/O errors (including {@link
   * ChecksumMismatchException}) surface as {@link UncheckedIOException}.
   */
  @Override
  public Iterator<ObjectNode> iterator() {
    if (iterated) {
      throw new IllegalStateException("a RowReader can be iterated only once");
    }
    iterated = true;
    return new Iterator<>() {
      private ObjectNode lookahead;
      private boolean done;

      @Override
      public boolean hasNext() {
        if (lookahead == null && !done) {
          try {
            lookahead = RowReader.this.next();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          done = lookahead == null;
        }
        return lookahead != null;
      }

      @Override
      public ObjectNode next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        ObjectNode row = lookahead;
        lookahead = null;
        return row;
      }
    };
  }

  @Override
  public void close() throws IOException {
    closeCurrent();
    fileIndex = files.size();
  }

  private boolean openNextFile() throws IOException {
    if (fileIndex + 1 >= files.size()) {
      fileIndex = files.size();
      return false;
    }
    fileIndex++;
    current = files.get(fileIndex);
    InputStream raw = blobs.open(folder + "/" + current.name());
    digest = new DigestInputStream(new BufferedInputStream(raw, 1 << 16), sha256());
    lines =
        new BufferedReader(
            new InputStreamReader(new ZstdInputStream(digest), StandardCharsets.UTF_8), 1 << 16);
    rowsInFile = 0;
    return true;
  }

  /** At the end of a file: hash any trailing bytes, then compare checksum and row count. */
  private void finishCurrent() throws IOException {
    String actual = drainAndHash();
    OutputFile file = current;
    long rows = rowsInFile;
    closeCurrent();
    if (!actual.equals(file.sha256())) {
      throw new ChecksumMismatchException(uri(file), file.sha256(), actual, null);
    }
    if (rows != file.rows()) {
      throw new IOException(
          uri(file) + " has " + rows + " rows but its manifest says " + file.rows());
    }
  }

  /**
   * A decoding error usually means corrupt bytes: report it as a checksum mismatch when the hash
   * differs, otherwise as the decoding error it is.
   */
  private IOException failCurrent(IOException cause) {
    OutputFile file = current;
    try {
      String actual = drainAndHash();
      if (!actual.equals(file.sha256())) {
        return new ChecksumMismatchException(uri(file), file.sha256(), actual, cause);
      }
      return cause;
    } catch (IOException e) {
      cause.addSuppressed(e);
      return cause;
    } finally {
      closeCurrent();
    }
  }

  private String drainAndHash() throws IOException {
    byte[] buf = new byte[1 << 16];
    while (digest.read(buf) != -1) {
      // Hash the rest of the stored bytes, for example padding after the last zstd frame.
    }
    return HexFormat.of().formatHex(digest.getMessageDigest().digest());
  }

  private void closeCurrent() {
    try {
      if (lines != null) {
        lines.close();
      } else if (digest != null) {
        digest.close();
      }
    } catch (IOException ignored) {
      // Closing a read stream: nothing to lose.
    }
    lines = null;
    digest = null;
  }

  private String uri(OutputFile file) {
    return blobs.uri(folder + "/" + file.name());
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }
}
