package dev.distillery.store;

import java.io.ByteArrayInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An in-memory {@link BlobStore} for tests; {@link #put} can also corrupt objects on purpose, and
 * {@link #fillDisk} makes writes fail.
 */
public final class FakeBlobStore implements BlobStore {
  private final Map<String, byte[]> objects = new ConcurrentHashMap<>();
  private volatile boolean loseNextConditionalResponse;
  private volatile boolean diskFull;

  /**
   * Makes every later write fail as a local filesystem's does when its disk is full: a {@link
   * FileSystemException} naming the object, with the reason "No space left on device".
   */
  public void fillDisk() {
    diskFull = true;
  }

  private void checkSpace(String key) throws FileSystemException {
    if (diskFull) {
      throw new FileSystemException(uri(key), null, "No space left on device");
    }
  }

  /**
   * Makes the next successful {@link #putIfAbsent} store its bytes but return false, as a retried
   * request whose first attempt landed does on S3.
   */
  public void loseNextConditionalResponse() {
    loseNextConditionalResponse = true;
  }

  @Override
  public void putFile(String key, Path file) throws IOException {
    checkSpace(key);
    objects.put(key, Files.readAllBytes(file));
  }

  @Override
  public void put(String key, byte[] bytes) throws FileSystemException {
    checkSpace(key);
    objects.put(key, bytes.clone());
  }

  @Override
  public boolean putIfAbsent(String key, byte[] bytes) throws FileSystemException {
    checkSpace(key);
    boolean written = objects.putIfAbsent(key, bytes.clone()) == null;
    if (written && loseNextConditionalResponse) {
      loseNextConditionalResponse = false;
      return false;
    }
    return written;
  }

  @Override
  public Optional<byte[]> get(String key) {
    return Optional.ofNullable(objects.get(key)).map(byte[]::clone);
  }

  @Override
  public InputStream open(String key) throws IOException {
    byte[] bytes = objects.get(key);
    if (bytes == null) {
      throw new FileNotFoundException("no object at " + uri(key));
    }
    return new ByteArrayInputStream(bytes);
  }

  @Override
  public boolean exists(String key) {
    return objects.containsKey(key);
  }

  @Override
  public List<String> list(String prefix) {
    return objects.keySet().stream().filter(k -> k.startsWith(prefix)).sorted().toList();
  }

  @Override
  public void delete(String key) {
    objects.remove(key);
  }

  @Override
  public String uri(String key) {
    return "mem://fake/" + key;
  }

  /** Every key, sorted. */
  public List<String> keys() {
    return list("");
  }
}
