package dev.distillery.store;

import java.io.IOException;

/**
 * The storage service could not be reached or did not answer (connection refused, timeout, DNS).
 * Unlike other {@link IOException}s from a {@link BlobStore}, retrying later may succeed.
 */
public class StorageUnavailableException extends IOException {
  public StorageUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
