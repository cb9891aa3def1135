package dev.distillery.store;

import java.io.IOException;

/**
 * A storage failure that no retry fixes: a corrupt stored object, a full disk, denied access. Its
 * message is one paragraph naming the object (or folder) and what to do. Unlike {@link
 * StorageUnavailableException}, callers should stop and report it rather than retry.
 */
public class PermanentStorageException extends IOException {
  /** Failure type of a full disk or storage server. */
  public static final String STORAGE_FULL = "StorageFull";

  /** Failure type of storage this process may not read or write. */
  public static final String ACCESS_DENIED = "AccessDenied";

  /** Failure type of a stored object this Distillery cannot read. */
  public static final String UNREADABLE = "UnreadableObject";

  private final String type;

  /**
   * @param type a short name of the failure, used as the Temporal failure type, for example {@link
   *     #STORAGE_FULL}
   * @param message one paragraph: what failed, where, and what to do
   */
  public PermanentStorageException(String type, String message, Throwable cause) {
    super(message, cause);
    this.type = type;
  }

  /** The short name of the failure, for example {@link #STORAGE_FULL}. */
  public String type() {
    return type;
  }
}
