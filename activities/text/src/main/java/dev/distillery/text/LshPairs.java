package dev.distillery.text;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Candidate pairs among many texts by LSH banding, shuffle-style: each added signature leaves one
 * 32-bit key per band (4 bytes a band a row); {@link #pairs()} then sorts each band's keys and
 * pairs rows that share a key (only the rows whose key may be shared are sorted). Never keeps the
 * texts.
 *
 * <p>Band keys stay in memory up to a budget of bytes; beyond it they go, a chunk at a time, to one
 * file per band in a spill directory, and {@link #pairs()} reads one band back at a time. Memory is
 * then the budget while adding, and 8 bytes a row (the band being sorted) plus the pairs while
 * pairing. {@link #close()} deletes the files.
 *
 * <p>Within a group of rows sharing a band key, each row is paired with the first {@link #LEADERS}
 * rows of the group before it, so a text repeated many times costs a bounded number of pairs; the
 * first occurrences, which dedup keeps, are always among them. Rows beyond the first {@link
 * #LEADERS} of a group are counted ({@link #beyondLeaders()}), so that the pairs left out are never
 * silent. A false 32-bit key match only adds a pair that verification rejects.
 */
public final class LshPairs implements AutoCloseable {
  /** How many earlier rows of a group each row is paired with. */
  public static final int LEADERS = 64;

  /** Bytes of band keys kept in memory before spilling, unless told otherwise: 128 MiB. */
  public static final long DEFAULT_MEMORY_BUDGET = 128L << 20;

  private final LshBands lsh;
  private final int chunkRows;
  private final Path spillDirectory;
  private final int[][] keys;
  private Path[] files;
  private FileChannel[] channels;
  private ByteBuffer chunkBytes;
  private int rows;
  private int spilledRows;
  private long beyondLeaders;

  /** All band keys in memory, however many rows. */
  public LshPairs(LshBands lsh) {
    this(lsh, Long.MAX_VALUE, null);
  }

  /**
   * Band keys in memory up to {@code memoryBudget} bytes, then spilled to files in {@code
   * spillDirectory}.
   */
  public LshPairs(LshBands lsh, long memoryBudget, Path spillDirectory) {
    this.lsh = lsh;
    this.spillDirectory = spillDirectory;
    long budgetRows = memoryBudget / (4L * lsh.bands());
    this.chunkRows =
        spillDirectory == null
            ? Integer.MAX_VALUE
            : (int) Math.max(1, Math.min(budgetRows, 1 << 24));
    this.keys = new int[lsh.bands()][Math.min(1024, chunkRows)];
  }

  /** Adds the next row's signature; rows are numbered from 0 in the order added. */
  public void add(int[] signature) {
    int inMemory = rows - spilledRows;
    if (inMemory == chunkRows) {
      spill();
      inMemory = 0;
    } else if (inMemory == keys[0].length) {
      int grown = (int) Math.min(chunkRows, inMemory * 2L);
      for (int b = 0; b < keys.length; b++) {
        keys[b] = Arrays.copyOf(keys[b], grown);
      }
    }
    for (int b = 0; b < keys.length; b++) {
      keys[b][inMemory] = (int) lsh.key(signature, b);
    }
    rows++;
  }

  /** The number of rows added. */
  public int rows() {
    return rows;
  }

  /**
   * Over all bands, the rows that were not paired with every earlier row of their group, the group
   * holding more than {@link #LEADERS} rows; known once {@link #pairs()} has run.
   */
  public long beyondLeaders() {
    return beyondLeaders;
  }

  /** Whether band keys went to disk. */
  public boolean spilled() {
    return files != null;
  }

  /**
   * Every candidate pair once, as {@code (long) later << 32 | earlier}, in ascending order (so
   * grouped by the later row, earlier rows ascending). Releases the band keys: call once.
   */
  public long[] pairs() {
    long[] sorted = new long[rows];
    long[] pairs = new long[Math.max(16, rows / 4)];
    int count = 0;
    int log2 =
        Math.min(28, Math.max(6, 64 - Long.numberOfLeadingZeros(Math.max(64L, rows * 8L) - 1)));
    long[] seen = new long[1 << (log2 - 6)];
    long[] seenTwice = new long[seen.length];
    int mask = (1 << log2) - 1;
    for (int b = 0; b < keys.length; b++) {
      readBand(b, sorted);
      keys[b] = null;
      int shared = keepSharedKeys(sorted, seen, seenTwice, mask);
      Arrays.sort(sorted, 0, shared);
      int start = 0;
      while (start < shared) {
        long key = sorted[start] >>> 32;
        int end = start + 1;
        while (end < shared && sorted[end] >>> 32 == key) {
          end++;
        }
        beyondLeaders += Math.max(0, end - start - LEADERS);
        for (int j = start + 1; j < end; j++) {
          long later = sorted[j] & 0xFFFFFFFFL;
          for (int i = start; i < Math.min(j, start + LEADERS); i++) {
            if (count == pairs.length) {
              pairs = Arrays.copyOf(pairs, count * 2);
            }
            pairs[count++] = later << 32 | (sorted[i] & 0xFFFFFFFFL);
          }
        }
        start = end;
      }
      if (count > pairs.length / 2 && count > 1 << 20) {
        count = sortUnique(pairs, count);
      }
    }
    count = sortUnique(pairs, count);
    return Arrays.copyOf(pairs, count);
  }

  /** Deletes the spill files, if any. */
  @Override
  public void close() throws IOException {
    if (files == null) {
      return;
    }
    for (int b = 0; b < files.length; b++) {
      channels[b].close();
      Files.deleteIfExists(files[b]);
    }
    files = null;
  }

  private void spill() {
    try {
      if (files == null) {
        files = new Path[keys.length];
        channels = new FileChannel[keys.length];
        for (int b = 0; b < keys.length; b++) {
          files[b] = Files.createTempFile(spillDirectory, "lsh-band-" + b + "-", ".keys");
          channels[b] =
              FileChannel.open(files[b], StandardOpenOption.READ, StandardOpenOption.WRITE);
        }
        chunkBytes = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
      }
      int inMemory = rows - spilledRows;
      for (int b = 0; b < keys.length; b++) {
        for (int from = 0; from < inMemory; ) {
          chunkBytes.clear();
          int to = Math.min(inMemory, from + chunkBytes.capacity() / 4);
          chunkBytes.asIntBuffer().put(keys[b], from, to - from);
          chunkBytes.limit((to - from) * 4);
          while (chunkBytes.hasRemaining()) {
            channels[b].write(chunkBytes);
          }
          from = to;
        }
      }
      spilledRows = rows;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot spill LSH band keys to " + spillDirectory, e);
    }
  }

  /** Fills {@code sorted[i]} with {@code key << 32 | i} for every row of band {@code b}. */
  private void readBand(int b, long[] sorted) {
    int row = 0;
    if (files != null) {
      try {
        FileChannel channel = channels[b];
        channel.position(0);
        while (row < spilledRows) {
          chunkBytes.clear();
          chunkBytes.limit((int) Math.min(chunkBytes.capacity(), (spilledRows - row) * 4L));
          while (chunkBytes.hasRemaining()) {
            if (channel.read(chunkBytes) < 0) {
              throw new IOException("spill file " + files[b] + " ends early");
            }
          }
          chunkBytes.flip();
          while (chunkBytes.hasRemaining()) {
            sorted[row] = ((long) chunkBytes.getInt() << 32) | row;
            row++;
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read LSH band keys back from " + files[b], e);
      }
    }
    int[] band = keys[b];
    for (int i = 0; row < rows; i++, row++) {
      sorted[row] = ((long) band[i] << 32) | row;
    }
  }

  /**
   * Moves to the front of {@code sorted} (in order) the entries whose key may occur more than once,
   * by two bitmaps over the keys' low bits, and returns how many: a key seen once makes no pair,
   * and most keys are seen once, so sorting only the rest is several times faster. Clears the
   * bitmaps.
   */
  private int keepSharedKeys(long[] sorted, long[] seen, long[] seenTwice, int mask) {
    Arrays.fill(seen, 0);
    Arrays.fill(seenTwice, 0);
    for (int i = 0; i < rows; i++) {
      int bit = (int) (sorted[i] >>> 32) & mask;
      long m = 1L << bit;
      seenTwice[bit >>> 6] |= seen[bit >>> 6] & m;
      seen[bit >>> 6] |= m;
    }
    int kept = 0;
    for (int i = 0; i < rows; i++) {
      int bit = (int) (sorted[i] >>> 32) & mask;
      if ((seenTwice[bit >>> 6] & (1L << bit)) != 0) {
        sorted[kept++] = sorted[i];
      }
    }
    return kept;
  }

  private static int sortUnique(long[] values, int count) {
    Arrays.sort(values, 0, count);
    int unique = 0;
    for (int i = 0; i < count; i++) {
      if (unique == 0 || values[unique - 1] != values[i]) {
        values[unique++] = values[i];
      }
    }
    return unique;
  }
}
