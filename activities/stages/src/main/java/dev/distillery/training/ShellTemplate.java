package dev.distillery.training;

import java.util.Map;
import java.util.regex.Pattern;

/** Fills {@code {name}} placeholders of a {@code /bin/sh} command line. */
final class ShellTemplate {
  private static final Pattern BARE = Pattern.compile("[A-Za-z0-9_./:=@%+,-]+");

  private ShellTemplate() {}

  /**
   * {@code template} with each {@code {name}} of {@code values} replaced by its value, quoted for
   * the shell unless it is made only of characters the shell leaves alone (so {@code
   * /data/run-1/train.yaml} stays as it is and {@code /data/my run/train.yaml} becomes {@code
   * '/data/my run/train.yaml'}). Other braces are left alone.
   */
  static String fill(String template, Map<String, String> values) {
    String out = template;
    for (Map.Entry<String, String> value : values.entrySet()) {
      out = out.replace("{" + value.getKey() + "}", quote(value.getValue()));
    }
    return out;
  }

  static String quote(String value) {
    if (BARE.matcher(value).matches()) {
      return value;
    }
    return "'" + value.replace("'", "'\\''") + "'";
  }
}
