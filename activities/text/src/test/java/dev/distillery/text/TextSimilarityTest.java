package dev.distillery.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TextSimilarityTest {
  @Test
  void indelRatioMatchesHandComputedFuzzRatio() {
    // lcs = 14 of 14 + 15 chars: 200 * 14 / 29.
    assertEquals(96.5517, IndelPattern.ratio("this is a test", "this is a test!"), 1e-4);
    // indel("kitten", "sitting") = 5 (lcs "ittn" = 4): 100 * (1 - 5 / 13).
    assertEquals(61.5385, IndelPattern.ratio("kitten", "sitting"), 1e-4);
    assertEquals(100.0, IndelPattern.ratio("", ""));
    assertEquals(0.0, IndelPattern.ratio("abc", ""));
    assertEquals(0.0, IndelPattern.ratio("abc", "xyz"));
    assertEquals(100.0, IndelPattern.ratio("même où", "même où"));
    // lcs("aéb", "ébc") = 2 ("éb"): 200 * 2 / 6.
    assertEquals(66.6667, IndelPattern.ratio("aéb", "ébc"), 1e-4);
  }

  @Test
  void bitParallelLcsEqualsTheDynamicProgramAcrossWordBoundaries() {
    Random random = new Random(7);
    for (int trial = 0; trial < 300; trial++) {
      String a = randomText(random, random.nextInt(300));
      String b = randomText(random, random.nextInt(300));
      IndelPattern pattern = new IndelPattern(a);
      assertEquals(TextbookLcs.lcs(a, b), pattern.lcs(b), () -> a + " | " + b);
      double ratio = pattern.ratio(b);
      assertEquals(ratio >= 60, pattern.atLeast(b, 60));
    }
  }

  /** The early stop of atLeast never changes its answer, at the threshold or beside it. */
  @Test
  void atLeastEqualsTheRatioComparedNearEveryThreshold() {
    Random random = new Random(8);
    for (int trial = 0; trial < 2000; trial++) {
      String a = randomText(random, random.nextInt(1, 260));
      StringBuilder edited = new StringBuilder(a);
      for (int e = random.nextInt(1 + a.length() / 2); e > 0 && edited.length() > 0; e--) {
        int at = random.nextInt(edited.length());
        if (random.nextBoolean()) {
          edited.deleteCharAt(at);
        } else {
          edited.insert(at, (char) ('a' + random.nextInt(26)));
        }
      }
      String b = edited.toString();
      IndelPattern pattern = new IndelPattern(a);
      double ratio = pattern.ratio(b);
      for (double t : new double[] {ratio - 1e-6, ratio, ratio + 1e-6, 50, 75, 90, 100}) {
        assertEquals(
            ratio >= t, pattern.atLeast(b, t), () -> "threshold " + t + ": " + a + " | " + b);
      }
    }
  }

  @Test
  void normalizeEqualsTheRegexForm() {
    for (String s :
        new String[] {
          "  A  b\t\nC ",
          "x",
          "",
          "   ",
          "ÀB\u000Bc",
          "İstanbul  Σ",
          "a b",
          "Z@[`{ \u001F\u000E\r x"
        }) {
      String expected = s.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").trim();
      assertEquals(expected, Texts.normalize(s));
      assertEquals(expected, new NormalizedText().set(s).toString());
      assertEquals(Texts.hash64(expected, 7), new NormalizedText().set(s).hash64(7));
    }
  }

  @Test
  void wordNgramsIgnorePunctuationAndCaseAndNeedEnoughWords() {
    assertArrayEquals(
        WordNgrams.hashes("The cat, sat on", 3), WordNgrams.hashes("the CAT sat... on!", 3));
    assertEquals(2, WordNgrams.hashes("a b c d", 3).length);
    assertEquals(0, WordNgrams.hashes("a b", 3).length);
    long[] one = WordNgrams.hashes("x a b c y", 3);
    long[] other = WordNgrams.hashes("q r a b c", 3);
    assertEquals(one[1], other[2], "the shared 3-gram 'a b c' hashes alike");
    assertFalse(one[0] == other[0]);
  }

  @Test
  void minHashAgreementTracksJaccardAndLshFindsNearCopies() {
    MinHash minHash = new MinHash(LshBands.RATIO_75.bins());
    String a =
        "let f(x) be a polynomial of degree four with real coefficients such that f(1) = 2 and"
            + " f(2) = 5; find the sum of all possible values of f(3) given the constraints";
    String near = a.replace("polynomial", "function").replace("real", "integer");
    String other =
        "a train leaves the station at noon travelling at sixty miles per hour; how far has it"
            + " gone when a second train catches it";
    int[] sa = minHash.signature(a);
    assertTrue(agreement(sa, minHash.signature(near)) > 0.5);
    assertTrue(agreement(sa, minHash.signature(other)) < 0.15);
    assertTrue(sharesBand(LshBands.RATIO_75, sa, minHash.signature(near)));
    assertFalse(sharesBand(LshBands.RATIO_75, sa, minHash.signature(other)));
  }

  @Test
  void multimapKeepsValuesInOrderThroughGrowth() {
    LongIntMultimap map = new LongIntMultimap();
    for (int i = 0; i < 10_000; i++) {
      map.put(i % 1000, i);
    }
    assertEquals(1000, map.size());
    int count = 0;
    int last = -1;
    for (int c = map.head(7); c >= 0; c = map.next(c)) {
      assertEquals(7, map.value(c) % 1000);
      assertTrue(map.value(c) > last);
      last = map.value(c);
      count++;
    }
    assertEquals(10, count);
    assertEquals(-1, map.head(5000));
    assertEquals(-2, map.first(5000, -2));
  }

  private static boolean sharesBand(LshBands lsh, int[] a, int[] b) {
    for (int band = 0; band < lsh.bands(); band++) {
      if (lsh.key(a, band) == lsh.key(b, band)) {
        return true;
      }
    }
    return false;
  }

  private static double agreement(int[] a, int[] b) {
    int same = 0;
    for (int i = 0; i < a.length; i++) {
      same += a[i] == b[i] ? 1 : 0;
    }
    return (double) same / a.length;
  }

  private static String randomText(Random random, int length) {
    String alphabet = "abcde éΣ";
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < length; i++) {
      s.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return s.toString();
  }
}
