package dev.distillery.plan;

/**
 * A set of content addresses held as 16 bytes each, for counting the unique stages of sweeps of a
 * million experiments without a string per stage.
 *
 * <p>A key is kept as its first 128 bits, so two addresses that agree on those count as one; for
 * sha256 addresses that does not happen in practice (the chance is below 10^-20 for 10^8 keys). An
 * open-addressing table of longs, between three eighths and three quarters full: 22 to 43 bytes per
 * key, half as much again while it doubles.
 */
public final class StageKeySet {
  private static final int HEX_DIGITS = 32;

  private final int limit;
  private long[] slots = new long[2 * 16];
  private int size;

  /** A set that grows without a limit of its own. */
  public StageKeySet() {
    this(Integer.MAX_VALUE);
  }

  /**
   * A set that stops growing at {@code limit} keys, to bound its memory: once {@link #full()}, a
   * key it does not hold is not added and {@link #add} returns false.
   */
  public StageKeySet(int limit) {
    this.limit = limit;
  }

  /**
   * Adds a content address.
   *
   * @param key at least 32 lowercase or uppercase hex digits, as {@link ContentAddress#key} gives
   * @return true when it was added: the set did not hold it and was not full
   * @throws IllegalArgumentException when {@code key} does not start with 32 hex digits
   */
  public boolean add(String key) {
    long high = hex(key, 0);
    long low = hex(key, 16);
    if (high == 0 && low == 0) {
      low = 1; // (0, 0) marks an empty slot; an all-zero prefix shares the slot of (0, 1).
    }
    if (size >= limit) {
      return false;
    }
    if ((size + 1) * 4L > (slots.length / 2) * 3L) {
      grow();
    }
    if (!insert(slots, high, low)) {
      return false;
    }
    size++;
    return true;
  }

  /** Whether the set holds {@code limit} keys and takes no more. */
  public boolean full() {
    return size >= limit;
  }

  /** How many distinct keys were added. */
  public int size() {
    return size;
  }

  private static boolean insert(long[] table, long high, long low) {
    int mask = table.length / 2 - 1;
    for (int i = (int) (low ^ (low >>> 32)) & mask; ; i = (i + 1) & mask) {
      long h = table[2 * i];
      long l = table[2 * i + 1];
      if (h == 0 && l == 0) {
        table[2 * i] = high;
        table[2 * i + 1] = low;
        return true;
      }
      if (h == high && l == low) {
        return false;
      }
    }
  }

  private void grow() {
    if (slots.length > (1 << 29)) {
      throw new IllegalStateException("more than 2^27 unique stages to count");
    }
    long[] bigger = new long[slots.length * 2];
    for (int i = 0; i < slots.length; i += 2) {
      if (slots[i] != 0 || slots[i + 1] != 0) {
        insert(bigger, slots[i], slots[i + 1]);
      }
    }
    slots = bigger;
  }

  private static long hex(String key, int from) {
    if (key.length() < HEX_DIGITS) {
      throw new IllegalArgumentException("not a content address: '" + key + "'");
    }
    long value = 0;
    for (int i = from; i < from + 16; i++) {
      int digit = Character.digit(key.charAt(i), 16);
      if (digit < 0) {
        throw new IllegalArgumentException("not a content address: '" + key + "'");
      }
      value = (value << 4) | digit;
    }
    return value;
  }
}
