package dev.distillery.store;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.util.Locale;
import java.util.Optional;

/** Tells storage failures that no retry fixes (a full disk, denied access) from passing ones. */
public final class StorageFaults {
  private StorageFaults() {}

  /**
   * The permanent storage failure in {@code failure}'s cause chain, if any: a {@link
   * PermanentStorageException}, or a local file error saying the disk is full or access is denied,
   * turned into one whose message says what to do.
   */
  public static Optional<PermanentStorageException> permanent(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof PermanentStorageException p) {
        return Optional.of(p);
      }
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (saysDiskFull(t)) {
        return Optional.of(
            new PermanentStorageException(
                PermanentStorageException.STORAGE_FULL,
                "no space left on "
                    + place(t)
                    + " ("
                    + reason(t)
                    + "). Free space there, then run or resume the sweep; finished stages are kept.",
                failure));
      }
      if (t instanceof AccessDeniedException
          || (t instanceof FileSystemException && mentions(t, "permission denied"))) {
        return Optional.of(
            new PermanentStorageException(
                PermanentStorageException.ACCESS_DENIED,
                "permission denied on "
                    + place(t)
                    + " ("
                    + reason(t)
                    + "). Let this user write there, then run or resume the sweep.",
                failure));
      }
    }
    return Optional.empty();
  }

  /** Whether {@code failure} or one of its causes says that a disk has no space left. */
  public static boolean isDiskFull(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (saysDiskFull(t)) {
        return true;
      }
    }
    return false;
  }

  private static boolean saysDiskFull(Throwable t) {
    return mentions(t, "no space left on device") || mentions(t, "not enough space on the disk");
  }

  private static boolean mentions(Throwable t, String text) {
    return t.getMessage() != null && t.getMessage().toLowerCase(Locale.ROOT).contains(text);
  }

  private static String reason(Throwable t) {
    return t instanceof FileSystemException fs && fs.getReason() != null
        ? fs.getReason()
        : t.getMessage();
  }

  /** The file a local error names, else where stages spool their parts. */
  private static String place(Throwable t) {
    if (t instanceof FileSystemException fs && fs.getFile() != null) {
      return fs.getFile();
    }
    return "a disk this worker writes to (stages spool their parts in "
        + System.getProperty("java.io.tmpdir")
        + ")";
  }
}
