package dev.distillery.text;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LongBloomFilterTest {
  @Test
  void holdsEveryKeyAddedAndFewOthers() {
    LongBloomFilter filter = new LongBloomFilter(100_000);
    for (long i = 0; i < 100_000; i++) {
      filter.add(Texts.mix(i));
    }
    for (long i = 0; i < 100_000; i++) {
      assertTrue(filter.mightContain(Texts.mix(i)));
    }
    int falsePositives = 0;
    for (long i = 100_000; i < 200_000; i++) {
      falsePositives += filter.mightContain(Texts.mix(i)) ? 1 : 0;
    }
    assertTrue(falsePositives < 1_500, falsePositives + " false positives in 100,000");
  }
}
