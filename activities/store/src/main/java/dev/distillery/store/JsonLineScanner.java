package dev.distillery.store;

import java.nio.charset.StandardCharsets;

/**
 * Reads top-level string fields of a JSON object line straight from its UTF-8 bytes, for {@link
 * JsonLine#texts}: a byte loop that only looks for quotes, brackets and the wanted keys is several
 * times cheaper per row than a general parser. It handles what a valid row holds (escapes,
 * non-ASCII, nested values, null) and gives up, returning false, on anything else: an escaped key,
 * a number or boolean in a wanted field (printing it as the tree does is the parser's job), or
 * bytes that are not the JSON it expects. The caller then parses the line properly.
 */
final class JsonLineScanner {
  private JsonLineScanner() {}

  /**
   * Puts into {@code out[i]} the string value of top-level field {@code fields[i]}, "" when it is
   * null, an object or an array, and leaves it null when absent.
   *
   * @return false when the scanner cannot tell; {@code out} is then partly filled
   */
  static boolean scan(byte[] b, String[] fields, String[] out) {
    int n = b.length;
    int p = skipSpace(b, 0);
    if (p >= n || b[p] != '{') {
      return false;
    }
    p = skipSpace(b, p + 1);
    if (p < n && b[p] == '}') {
      return skipSpace(b, p + 1) == n;
    }
    while (true) {
      if (p >= n || b[p] != '"') {
        return false;
      }
      int keyEnd = plainStringEnd(b, p + 1);
      if (keyEnd < 0) {
        return false;
      }
      int wanted = indexOf(fields, b, p + 1, keyEnd);
      p = skipSpace(b, keyEnd + 1);
      if (p >= n || b[p] != ':') {
        return false;
      }
      p = skipSpace(b, p + 1);
      if (p >= n) {
        return false;
      }
      byte c = b[p];
      if (c == '"') {
        int end = stringEnd(b, p + 1);
        if (end < 0) {
          return false;
        }
        if (wanted >= 0) {
          String value = decode(b, p + 1, end);
          if (value == null) {
            return false;
          }
          out[wanted] = value;
        }
        p = end + 1;
      } else if (c == '{' || c == '[') {
        p = containerEnd(b, p);
        if (p < 0) {
          return false;
        }
        if (wanted >= 0) {
          out[wanted] = "";
        }
      } else if (c == 'n' && p + 4 <= n && b[p + 1] == 'u' && b[p + 2] == 'l' && b[p + 3] == 'l') {
        if (wanted >= 0) {
          out[wanted] = "";
        }
        p += 4;
      } else {
        if (wanted >= 0) {
          return false;
        }
        p = scalarEnd(b, p);
      }
      p = skipSpace(b, p);
      if (p >= n) {
        return false;
      }
      if (b[p] == ',') {
        p = skipSpace(b, p + 1);
      } else if (b[p] == '}') {
        return skipSpace(b, p + 1) == n;
      } else {
        return false;
      }
    }
  }

  private static int skipSpace(byte[] b, int p) {
    while (p < b.length && (b[p] == ' ' || b[p] == '\t' || b[p] == '\r' || b[p] == '\n')) {
      p++;
    }
    return p;
  }

  /** The index of the closing quote of a string starting at {@code p}, or -1 at a backslash. */
  private static int plainStringEnd(byte[] b, int p) {
    for (; p < b.length; p++) {
      if (b[p] == '"') {
        return p;
      }
      if (b[p] == '\\') {
        return -1;
      }
    }
    return -1;
  }

  /** The index of the closing quote of a string starting at {@code p}, escapes skipped. */
  private static int stringEnd(byte[] b, int p) {
    for (; p < b.length; p++) {
      if (b[p] == '"') {
        return p;
      }
      if (b[p] == '\\') {
        p++;
      }
    }
    return -1;
  }

  /** The index after the bracket closing the object or array opened at {@code p}, or -1. */
  private static int containerEnd(byte[] b, int p) {
    int depth = 0;
    for (; p < b.length; p++) {
      byte c = b[p];
      if (c == '"') {
        p = stringEnd(b, p + 1);
        if (p < 0) {
          return -1;
        }
      } else if (c == '{' || c == '[') {
        depth++;
      } else if (c == '}' || c == ']') {
        if (--depth == 0) {
          return p + 1;
        }
      }
    }
    return -1;
  }

  private static int scalarEnd(byte[] b, int p) {
    while (p < b.length) {
      byte c = b[p];
      if (c == ',' || c == '}' || c == ']' || c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        break;
      }
      p++;
    }
    return p;
  }

  /** Which of {@code fields} the key bytes {@code [from, to)} spell, or -1. */
  private static int indexOf(String[] fields, byte[] b, int from, int to) {
    int length = to - from;
    for (int i = 0; i < fields.length; i++) {
      String field = fields[i];
      if (field.length() == length && sameAscii(field, b, from)) {
        return i;
      }
    }
    return -1;
  }

  /** Whether {@code b} at {@code from} holds {@code field}'s chars (a non-ASCII key never does). */
  private static boolean sameAscii(String field, byte[] b, int from) {
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c >= 0x80 || b[from + i] != c) {
        return false;
      }
    }
    return true;
  }

  /** The string whose JSON content (between the quotes) is {@code [from, to)}, or null. */
  private static String decode(byte[] b, int from, int to) {
    int escape = -1;
    for (int i = from; i < to; i++) {
      if (b[i] == '\\') {
        escape = i;
        break;
      }
    }
    if (escape < 0) {
      return new String(b, from, to - from, StandardCharsets.UTF_8);
    }
    StringBuilder out = new StringBuilder(to - from);
    int run = from;
    for (int i = escape; i < to; ) {
      if (b[i] != '\\') {
        i++;
        continue;
      }
      out.append(new String(b, run, i - run, StandardCharsets.UTF_8));
      if (i + 1 >= to) {
        return null;
      }
      byte e = b[i + 1];
      switch (e) {
        case '"', '\\', '/' -> out.append((char) e);
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> {
          if (i + 6 > to) {
            return null;
          }
          int code = 0;
          for (int k = i + 2; k < i + 6; k++) {
            int digit = Character.digit(b[k], 16);
            if (digit < 0) {
              return null;
            }
            code = code * 16 + digit;
          }
          out.append((char) code);
          i += 4;
        }
        default -> {
          return null;
        }
      }
      i += 2;
      run = i;
    }
    out.append(new String(b, run, to - run, StandardCharsets.UTF_8));
    return out.toString();
  }
}
