package dev.distillery.bench;

import dev.distillery.store.BlobStore;
import java.io.FileNotFoundException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** A store that keeps nothing, so a benchmark measures the LLM layer and not storage. */
final class DiscardingBlobStore implements BlobStore {
  @Override
  public void putFile(String key, Path file) {}

  @Override
  public void put(String key, byte[] bytes) {}

  @Override
  public boolean putIfAbsent(String key, byte[] bytes) {
    return true;
  }

  @Override
  public Optional<byte[]> get(String key) {
    return Optional.empty();
  }

  @Override
  public InputStream open(String key) throws FileNotFoundException {
    throw new FileNotFoundException(key);
  }

  @Override
  public boolean exists(String key) {
    return false;
  }

  @Override
  public List<String> list(String prefix) {
    return List.of();
  }

  @Override
  public void delete(String key) {}

  @Override
  public String uri(String key) {
    return "discard://" + key;
  }
}
