package dev.distillery.http;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads how long a server asks a client to wait: OpenAI's {@code retry-after-ms}, else {@code
 * Retry-After} as (possibly fractional) seconds or as an HTTP date (RFC 9110 section 10.2.3). The
 * {@link RetryPolicy} caps what it returns.
 */
public final class RetryAfter {
  private RetryAfter() {}

  /** The wait the headers ask for, measured from {@code now}; null when they ask for none. */
  public static Duration of(HttpHeaders headers, Instant now) {
    Optional<String> millis = headers.firstValue("retry-after-ms");
    if (millis.isPresent()) {
      Duration wait = number(millis.get(), 1);
      if (wait != null) {
        return wait;
      }
    }
    return headers.firstValue("Retry-After").map(value -> parse(value, now)).orElse(null);
  }

  /** A {@code Retry-After} value: seconds, or an HTTP date (a past date is no wait); else null. */
  public static Duration parse(String value, Instant now) {
    Duration seconds = number(value, 1000);
    if (seconds != null) {
      return seconds;
    }
    try {
      Instant date =
          ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      return date.isAfter(now) ? Duration.between(now, date) : Duration.ZERO;
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** {@code value * unitMillis} milliseconds; null unless a number >= 0. */
  private static Duration number(String value, double unitMillis) {
    try {
      double amount = Double.parseDouble(value.trim());
      if (!(amount >= 0) || Double.isInfinite(amount)) {
        return null;
      }
      return Duration.ofMillis((long) Math.min(amount * unitMillis, Long.MAX_VALUE / 2));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
