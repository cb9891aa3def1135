package dev.distillery.store;

import java.io.IOException;

/** A stored file's sha256 differs from the one its manifest records: the file is corrupt. */
public class ChecksumMismatchException extends IOException {
  private final String uri;
  private final String expected;
  private final String actual;

  public ChecksumMismatchException(String uri, String expected, String actual, Throwable cause) {
    super(
        "sha256 mismatch for "
            + uri
            + ": manifest says "
            + expected
            + ", stored bytes hash to "
            + actual
            + "; the file is corrupt, delete the stage folder to recompute it",
        cause);
    this.uri = uri;
    this.expected = expected;
    this.actual = actual;
  }

  /** The URI of the corrupt file. */
  public String uri() {
    return uri;
  }

  /** The sha256 the manifest records. */
  public String expected() {
    return expected;
  }

  /** The sha256 of the bytes read. */
  public String actual() {
    return actual;
  }
}
