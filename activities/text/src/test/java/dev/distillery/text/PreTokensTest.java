package dev.distillery.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The scanner splits text exactly as Qwen2's pre-tokenizer pattern, run by java.util.regex. */
class PreTokensTest {
  private static final Pattern QWEN2 =
      Pattern.compile(
          "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}|"
              + " ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+",
          Pattern.UNICODE_CHARACTER_CLASS);

  private static List<String> byRegex(String text) {
    List<String> out = new ArrayList<>();
    Matcher m = QWEN2.matcher(text);
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }

  @Test
  void examples() {
    assertEquals(
        List.of(
            "Let", " $", "f", "(x", ")", " =", " ", "3", "x", "^", "2", "$.", " Find", " f", "(",
            "1", "2", ")?"),
        PreTokens.pieces("Let $f(x) = 3x^2$. Find f(12)?"));
    assertEquals(
        List.of("a", " ", " b", "'s", " we", "'LL", "\n\n"), PreTokens.pieces("a  b's we'LL\n\n"));
  }

  @Test
  void equalsTheRegexOnRandomText() {
    String[] atoms = {
      "a", "Z", "é", "中", "𝑥", "ſ", "1", "0", "²", "Ⅻ", " ", "  ", "\t", "\n", "\r\n", "\u00a0",
      "\u2003", "\u3000", "'", "'s", "'S", "'re", "'Ve", "'ll", "'d", "'m", "'t", "$", "(", ")",
      "=", "+", "-", "^", "\\frac", "{", "}", ".", ",", "?", "😀", "\u0085", "\u001c"
    };
    SplittableRandom random = new SplittableRandom(9);
    for (int i = 0; i < 20_000; i++) {
      StringBuilder text = new StringBuilder();
      for (int k = random.nextInt(1, 25); k > 0; k--) {
        text.append(atoms[random.nextInt(atoms.length)]);
      }
      String s = text.toString();
      assertEquals(byRegex(s), PreTokens.pieces(s), () -> "text: " + s.replace("\n", "\\n"));
    }
  }

  @Test
  void hashesAreOnePerPieceAndTellPiecesApart() {
    long[] hashes = PreTokens.hashes("find the sum find");
    assertEquals(4, hashes.length);
    assertEquals(hashes[0] == hashes[3], false, "'find' and ' find' are different pieces");
    assertEquals(hashes[1] == PreTokens.hashes("x the")[1], true);
  }
}
