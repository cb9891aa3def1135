package dev.distillery.bench;

import dev.distillery.store.BlobStore;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Blobs as files under a local directory, so a benchmark reads an artifact through the store's own
 * reader at the speed of the disk rather than of an S3 server's HTTP.
 */
final class DirectoryBlobStore implements BlobStore {
  private final Path root;

  DirectoryBlobStore(Path root) {
    this.root = root;
  }

  /** The file behind {@code key}. */
  Path file(String key) {
    return root.resolve(key);
  }

  @Override
  public void putFile(String key, Path file) throws IOException {
    Files.createDirectories(file(key).getParent());
    Files.copy(file, file(key), StandardCopyOption.REPLACE_EXISTING);
  }

  @Override
  public void put(String key, byte[] bytes) throws IOException {
    Files.createDirectories(file(key).getParent());
    Files.write(file(key), bytes);
  }

  @Override
  public synchronized boolean putIfAbsent(String key, byte[] bytes) throws IOException {
    if (Files.exists(file(key))) {
      return false;
    }
    put(key, bytes);
    return true;
  }

  @Override
  public Optional<byte[]> get(String key) throws IOException {
    try {
      return Optional.of(Files.readAllBytes(file(key)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  @Override
  public InputStream open(String key) throws IOException {
    try {
      return Files.newInputStream(file(key));
    } catch (NoSuchFileException e) {
      throw new FileNotFoundException(uri(key));
    }
  }

  @Override
  public boolean exists(String key) {
    return Files.exists(file(key));
  }

  @Override
  public List<String> list(String prefix) throws IOException {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(Files::isRegularFile)
          .map(p -> root.relativize(p).toString().replace('\\', '/'))
          .filter(k -> k.startsWith(prefix))
          .sorted()
          .toList();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  @Override
  public void delete(String key) throws IOException {
    Files.deleteIfExists(file(key));
  }

  @Override
  public String uri(String key) {
    return file(key).toUri().toString();
  }
}
