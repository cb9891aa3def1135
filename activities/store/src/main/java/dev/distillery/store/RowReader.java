package dev.distillery.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Streams the rows of a stage's files, in manifest order, one JSON line at a time, as parsed trees
 * ({@link #next()}) or as unparsed lines ({@link #nextLine()}). Only one part's decompression
 * buffers are held in memory.
 *
 * <p>Each file's sha256 is computed while it is read and compared with the manifest when the file
 * ends; a difference throws {@link ChecksumMismatchException}. Rows of a file are therefore handed
 * out before its checksum is known: treat that exception as failing everything read so far.
 *
 * <p>Use either {@link #next()} or {@link #iterator()} (once; it wraps I/O errors in {@link
 * UncheckedIOException}), and close the reader.
 */
public final class RowReader implements Iterable<ObjectNode>, AutoCloseable {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private final BlobStore blobs;
  private final String folder;
  private final List<OutputFile> files;
  private int fileIndex = -1;
  private OutputFile current;
  private DigestInputStream digest;
  private InputStream in;
  private byte[] buffer = new byte[1 << 17];
  private int pos;
  private int limit;
  private boolean endOfFile;
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
    JsonLine line = nextLine();
    if (line == null) {
      return null;
    }
    try {
      return line.tree();
    } catch (IOException e) {
      throw failCurrent(
          new IOException("line " + rowsInFile + " of " + uri(current) + ": " + e.getMessage(), e));
    }
  }

  /**
   * The next row as its JSON line, unparsed, or null after the last row of the last file. Same
   * checks as {@link #next()}, except that the line is only checked to start with '{'; a stage that
   * passes it on unparsed copies store bytes whose checksum was verified.
   */
  public JsonLine nextLine() throws IOException {
    while (true) {
      if (in == null && !openNextFile()) {
        return null;
      }
      byte[] line;
      try {
        line = readLine();
      } catch (IOException e) {
        throw failCurrent(e);
      }
      if (line == null) {
        finishCurrent();
        continue;
      }
      if (line.length == 0) {
        continue;
      }
      if (line[0] != '{') {
        throw failCurrent(
            new IOException("line " + (rowsInFile + 1) + " of " + uri(current) + " is no object"));
      }
      rowsInFile++;
      rowsRead++;
      return new JsonLine(line);
    }
  }

  /** The next line of the current file without its '\n' (or "\r\n"), or null at its end. */
  private byte[] readLine() throws IOException {
    int scanFrom = pos;
    while (true) {
      int i = indexOfNewline(buffer, scanFrom, limit);
      if (i >= 0) {
        int end = i > pos && buffer[i - 1] == '\r' ? i - 1 : i;
        byte[] line = Arrays.copyOfRange(buffer, pos, end);
        pos = i + 1;
        return line;
      }
      if (endOfFile) {
        if (pos == limit) {
          return null;
        }
        byte[] line = Arrays.copyOfRange(buffer, pos, limit);
        pos = limit;
        return line;
      }
      int pending = limit - pos;
      if (pos > 0) {
        System.arraycopy(buffer, pos, buffer, 0, pending);
      } else if (pending == buffer.length) {
        buffer = Arrays.copyOf(buffer, buffer.length * 2);
      }
      pos = 0;
      limit = pending;
      scanFrom = pending;
      int read = in.read(buffer, limit, buffer.length - limit);
      if (read < 0) {
        endOfFile = true;
      } else {
        limit += read;
      }
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
    in = new ZstdInputStreamNoFinalizer(digest);
    pos = 0;
    limit = 0;
    endOfFile = false;
    rowsInFile = 0;
    return true;
  }

  /**
   * The index of the first '\n' in {@code b[from, to)}, or -1; eight bytes at a time (the zero-byte
   * test of "Bit Twiddling Hacks" on the bytes xor '\n', whose lowest flag is always a real match).
   */
  static int indexOfNewline(byte[] b, int from, int to) {
    int i = from;
    for (; i + 8 <= to; i += 8) {
      long word = (long) LONGS.get(b, i) ^ 0x0A0A0A0A0A0A0A0AL;
      long found = (word - 0x0101010101010101L) & ~word & 0x8080808080808080L;
      if (found != 0) {
        return i + (Long.numberOfTrailingZeros(found) >>> 3);
      }
    }
    for (; i < to; i++) {
      if (b[i] == '\n') {
        return i;
      }
    }
    return -1;
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
      if (in != null) {
        in.close();
      } else if (digest != null) {
        digest.close();
      }
    } catch (IOException ignored) {
      // Closing a read stream: nothing to lose.
    }
    in = null;
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
