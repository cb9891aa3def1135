package dev.distillery.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Byte storage under one root (an S3 bucket and prefix, or memory in tests). Keys are relative
 * paths such as {@code stages/dedup/ab12.../manifest.json}. All methods are safe to call from
 * several threads.
 */
public interface BlobStore {

  /** Uploads a local file to {@code key}, replacing any object there. */
  void putFile(String key, Path file) throws IOException;

  /** Writes {@code bytes} to {@code key}, replacing any object there. */
  void put(String key, byte[] bytes) throws IOException;

  /**
   * Writes {@code bytes} to {@code key} only if no object exists there (an atomic conditional put).
   * Returns false, writing nothing, when one already exists.
   */
  boolean putIfAbsent(String key, byte[] bytes) throws IOException;

  /** Reads a whole (small) object, or empty when absent. */
  Optional<byte[]> get(String key) throws IOException;

  /** Opens an object for streaming. Throws {@link java.io.FileNotFoundException} when absent. */
  InputStream open(String key) throws IOException;

  boolean exists(String key) throws IOException;

  /** Keys under {@code prefix}, in lexicographic order, following pagination. */
  List<String> list(String prefix) throws IOException;

  /** Deletes an object; no error when it is absent. */
  void delete(String key) throws IOException;

  /** A URI a user can paste into other tools, for example {@code s3://bucket/prefix/key}. */
  String uri(String key);
}
