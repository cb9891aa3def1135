package dev.distillery.download;

import java.io.IOException;
import java.net.URI;

/** The server answered with a status no retry will change (401, 403, other 4xx). */
public final class HttpStatusException extends IOException {
  private final int status;

  public HttpStatusException(URI uri, int status) {
    super("HTTP " + status + " for " + uri);
    this.status = status;
  }

  /** The HTTP status code. */
  public int status() {
    return status;
  }
}
