package dev.distillery.download;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;

/** The server answered with a status a retry may change (408, 409, 429, 5xx). */
final class TransientHttpException extends IOException {
  private final transient Duration retryAfter;

  TransientHttpException(URI uri, int status, Duration retryAfter) {
    super("HTTP " + status + " for " + uri);
    this.retryAfter = retryAfter;
  }

  /** The wait the server asked for ({@code Retry-After}); null when it sent none. */
  Duration retryAfter() {
    return retryAfter;
  }
}
