package dev.distillery.llm;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the {@code x-ratelimit-*} headers OpenAI-compatible providers send: when the remaining
 * requests or tokens run low, every request should wait for the matching reset; a 429 while they
 * show room is a transient refusal, not an exhausted limit.
 */
final class RateLimitHeaders {
  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)?");

  private static final String[] REMAINING = {
    "x-ratelimit-remaining-requests", "x-ratelimit-remaining-tokens"
  };
  private static final String[] RESET = {"x-ratelimit-reset-requests", "x-ratelimit-reset-tokens"};

  private RateLimitHeaders() {}

  /**
   * How long to pause before the next request, when the provider says fewer than {@code headroom}
   * requests or tokens are left (so the requests already in flight do not overrun).
   */
  static Optional<Duration> pause(HttpHeaders headers, long headroom) {
    Duration pause = Duration.ZERO;
    for (int i = 0; i < REMAINING.length; i++) {
      // Most responses carry none of these headers; look for the reset only when needed.
      String remaining = first(headers, REMAINING[i]);
      if (remaining == null || !below(remaining, headroom)) {
        continue;
      }
      String reset = first(headers, RESET[i]);
      if (reset != null) {
        Duration wait = parse(reset);
        if (wait.compareTo(pause) > 0) {
          pause = wait;
        }
      }
    }
    return pause.isZero() ? Optional.empty() : Optional.of(pause);
  }

  /**
   * Whether the headers say the limit is used up: no request left, or fewer tokens left than {@code
   * tokensNeeded}. False when they say nothing (absent or unreadable headers).
   */
  static boolean exhausted(HttpHeaders headers, long tokensNeeded) {
    return below(first(headers, REMAINING[0]), 1)
        || below(first(headers, REMAINING[1]), Math.max(1, tokensNeeded));
  }

  /**
   * {@link HttpHeaders#firstValue} without its stream: this runs for every response, for headers
   * most responses lack. The map is case-insensitive, as {@code firstValue} is.
   */
  private static String first(HttpHeaders headers, String name) {
    List<String> values = headers.map().get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  private static boolean below(String value, long headroom) {
    if (value == null) {
      return false;
    }
    try {
      return Double.parseDouble(value.trim()) < Math.max(1, headroom);
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** Parses {@code 6m0s}, {@code 1.5s}, {@code 20ms} or plain seconds; zero when unreadable. */
  static Duration parse(String value) {
    Matcher m = PART.matcher(value.trim());
    double millis = 0;
    int end = 0;
    while (m.find() && m.start() == end) {
      double amount = Double.parseDouble(m.group(1));
      String unit = m.group(2) == null ? "s" : m.group(2);
      millis +=
          switch (unit) {
            case "ms" -> amount;
            case "m" -> amount * 60_000;
            case "h" -> amount * 3_600_000;
            default -> amount * 1_000;
          };
      end = m.end();
    }
    return end == value.trim().length()
        ? Duration.ofMillis((long) Math.ceil(millis))
        : Duration.ZERO;
  }
}
