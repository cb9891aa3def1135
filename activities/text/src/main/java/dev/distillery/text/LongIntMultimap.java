package dev.distillery.text;

import java.util.Arrays;

/**
 * A map from 64-bit keys to lists of ints, in primitive arrays (open addressing, linear probing):
 * about 12 bytes a key and 8 bytes a value, against some 80 for a boxed {@code HashMap}. Values of
 * a key come back in insertion order. Not thread-safe.
 */
public final class LongIntMultimap {
  private long[] keys;
  private int[] heads;
  private int[] tails;
  private boolean[] used;
  private int size;

  private int[] values = new int[16];
  private int[] next = new int[16];
  private int entries;

  public LongIntMultimap() {
    allocate(16);
  }

  /** Adds {@code value} to the list of {@code key}. */
  public void put(long key, int value) {
    if ((size + 1) * 2 > keys.length) {
      grow();
    }
    if (entries == values.length) {
      values = Arrays.copyOf(values, entries * 2);
      next = Arrays.copyOf(next, entries * 2);
    }
    values[entries] = value;
    next[entries] = -1;
    int slot = find(key);
    if (used[slot]) {
      next[tails[slot]] = entries;
      tails[slot] = entries;
    } else {
      used[slot] = true;
      keys[slot] = key;
      heads[slot] = entries;
      tails[slot] = entries;
      size++;
    }
    entries++;
  }

  /** Whether {@code key} has any value. */
  public boolean containsKey(long key) {
    return used[find(key)];
  }

  /** The first value of {@code key}, or {@code missing}. */
  public int first(long key, int missing) {
    int slot = find(key);
    return used[slot] ? values[heads[slot]] : missing;
  }

  /**
   * A cursor over the values of {@code key}: pass it to {@link #value} and {@link #next(int)}; -1
   * when there are none (or no more).
   */
  public int head(long key) {
    int slot = find(key);
    return used[slot] ? heads[slot] : -1;
  }

  public int value(int cursor) {
    return values[cursor];
  }

  public int next(int cursor) {
    return next[cursor];
  }

  /** The number of distinct keys. */
  public int size() {
    return size;
  }

  private int find(long key) {
    int mask = keys.length - 1;
    int i = (int) Texts.mix(key) & mask;
    while (used[i] && keys[i] != key) {
      i = (i + 1) & mask;
    }
    return i;
  }

  private void grow() {
    long[] oldKeys = keys;
    int[] oldHeads = heads;
    int[] oldTails = tails;
    boolean[] oldUsed = used;
    allocate(oldKeys.length * 2);
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldUsed[i]) {
        int slot = find(oldKeys[i]);
        used[slot] = true;
        keys[slot] = oldKeys[i];
        heads[slot] = oldHeads[i];
        tails[slot] = oldTails[i];
      }
    }
  }

  private void allocate(int capacity) {
    keys = new long[capacity];
    heads = new int[capacity];
    tails = new int[capacity];
    used = new boolean[capacity];
  }
}
