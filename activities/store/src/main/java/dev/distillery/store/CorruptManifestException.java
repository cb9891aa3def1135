package dev.distillery.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;

/**
 * A stage's {@code manifest.json} exists but is not a manifest (a write cut short, a disk error):
 * the stage counts as neither finished nor missing until someone deletes the object.
 */
public class CorruptManifestException extends PermanentStorageException {
  /** Failure type of a corrupt manifest. */
  public static final String TYPE = "CorruptManifest";

  private final String uri;

  /**
   * @param uri the manifest's URI
   * @param size the stored object's size in bytes
   * @param cause the parse error
   */
  public CorruptManifestException(String uri, int size, Exception cause) {
    super(
        TYPE,
        uri
            + " is corrupt: "
            + what(size, cause)
            + ". Delete that object so the stage is computed again (the embedded store keeps it"
            + " as a file under $DISTILL_HOME/s3/), then run or resume the sweep; `distill"
            + " artifacts verify` lists every damaged stage.",
        cause);
    this.uri = uri;
  }

  /** The URI of the corrupt manifest. */
  public String uri() {
    return uri;
  }

  private static String what(int size, Exception cause) {
    if (size == 0) {
      return "it is empty";
    }
    if (cutShort(size, cause)) {
      return "its " + size + " bytes end in the middle of the JSON (the write was cut short)";
    }
    if (cause instanceof JsonProcessingException json && json.getLocation() != null) {
      return "it is not a manifest's JSON (line "
          + json.getLocation().getLineNr()
          + ", column "
          + json.getLocation().getColumnNr()
          + ")";
    }
    return "it is not a manifest's JSON";
  }

  /** Whether the parser ran out of bytes: the end of the JSON is missing. */
  private static boolean cutShort(int size, Exception cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof JsonEOFException) {
        return true;
      }
      if (t instanceof JsonProcessingException json
          && json.getLocation() != null
          && json.getLocation().getByteOffset() >= size) {
        return true;
      }
    }
    return false;
  }
}
