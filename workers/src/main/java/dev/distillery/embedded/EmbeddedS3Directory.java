package dev.distillery.embedded;

import dev.distillery.store.BlobStore;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A read-only {@link BlobStore} straight over the directory of an {@link EmbeddedS3#startOnDisk}
 * bucket, for commands that only read a store no server is running for: they answer without
 * starting one. It reads what the server's filesystem backend wrote: the object at key {@code a/b}
 * is the plain file {@code <dataDir>/<bucket>/a/b}. What that backend keeps beside the objects is
 * not listed: in-progress multipart uploads ({@code .mpus-...}), the key {@code /} ({@code
 * .s3proxy-slash}), object versions ({@code .s3proxy-versions}) and the temporary files a write
 * renames into place ({@code <key>-<uuid>}); directory markers (keys ending in a slash, which
 * Distillery never writes) are not listed either. The server renames each object into place whole,
 * so a reader sees an object entirely or not at all, also while a server writes beside it.
 *
 * <p>Writes throw {@link IOException}: the server owns the directory's metadata (checksums in
 * extended attributes), so only it writes.
 */
public final class EmbeddedS3Directory implements BlobStore {
  private static final String MULTIPART_PREFIX = ".mpus-";
  private static final String SLASH_BLOB = ".s3proxy-slash";
  private static final String VERSIONS = ".s3proxy-versions";

  /** What the server appends to a key for the temporary file it renames into place. */
  private static final Pattern TEMPORARY =
      Pattern.compile(".*-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");

  private final Path bucketDir;
  private final String bucket;

  /**
   * @param dataDir the directory the server was started on ({@code $DISTILL_HOME/s3})
   * @param bucket the bucket; a bucket the server never created reads as empty
   */
  public EmbeddedS3Directory(Path dataDir, String bucket) {
    this.bucketDir = dataDir.toAbsolutePath().resolve(bucket).normalize();
    this.bucket = bucket;
  }

  @Override
  public Optional<byte[]> get(String key) throws IOException {
    Path file = file(key);
    if (file == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      if (Files.isDirectory(file)) {
        return Optional.empty();
      }
      throw failure("read", key, e);
    }
  }

  @Override
  public InputStream open(String key) throws IOException {
    Path file = file(key);
    if (file == null || Files.isDirectory(file)) {
      throw new FileNotFoundException("no object at " + uri(key));
    }
    try {
      return Files.newInputStream(file);
    } catch (NoSuchFileException e) {
      FileNotFoundException notFound = new FileNotFoundException("no object at " + uri(key));
      notFound.initCause(e);
      throw notFound;
    } catch (IOException e) {
      throw failure("read", key, e);
    }
  }

  @Override
  public boolean exists(String key) {
    Path file = file(key);
    return file != null && Files.isRegularFile(file);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Walks only the directory the prefix names up to its last slash; keys come back sorted as
   * {@link dev.distillery.store.S3BlobStore#list} sorts them.
   */
  @Override
  public List<String> list(String prefix) throws IOException {
    String p = stripLeadingSlashes(prefix);
    int slash = p.lastIndexOf('/');
    Path start = slash < 0 ? bucketDir : bucketDir.resolve(p.substring(0, slash)).normalize();
    if (!start.startsWith(bucketDir) || !Files.isDirectory(start)) {
      return List.of();
    }
    boolean multipart = p.startsWith(MULTIPART_PREFIX);
    List<String> keys = new ArrayList<>();
    Files.walkFileTree(
        start,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            if (attrs.isRegularFile()) {
              String key = key(file);
              if (key.startsWith(p) && listed(key, multipart)) {
                keys.add(key);
              }
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            // What a server deleted while this walked is gone; other failures are failures.
            if (e instanceof NoSuchFileException) {
              return FileVisitResult.CONTINUE;
            }
            throw failure("list", prefix, e);
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
            return e == null ? FileVisitResult.CONTINUE : visitFileFailed(dir, e);
          }
        });
    keys.sort(null);
    return keys;
  }

  /** Whether the server would list {@code key} as an object (not its own bookkeeping). */
  private static boolean listed(String key, boolean multipartAsked) {
    if (key.equals(SLASH_BLOB)
        || key.endsWith("/" + SLASH_BLOB)
        || key.startsWith(VERSIONS + "/")
        || TEMPORARY.matcher(key).matches()) {
      return false;
    }
    if (!multipartAsked) {
      for (String segment : key.split("/")) {
        if (segment.startsWith(MULTIPART_PREFIX)) {
          return false;
        }
      }
    }
    return true;
  }

  @Override
  public String uri(String key) {
    return "s3://" + bucket + "/" + stripLeadingSlashes(key);
  }

  @Override
  public void putFile(String key, Path file) throws IOException {
    throw readOnly(key);
  }

  @Override
  public void put(String key, byte[] bytes) throws IOException {
    throw readOnly(key);
  }

  @Override
  public boolean putIfAbsent(String key, byte[] bytes) throws IOException {
    throw readOnly(key);
  }

  @Override
  public void delete(String key) throws IOException {
    throw readOnly(key);
  }

  /** The file of {@code key}, or null when the key names nothing inside the bucket. */
  private Path file(String key) {
    String k = stripLeadingSlashes(key);
    if (k.isEmpty() || k.endsWith("/")) {
      return null;
    }
    Path file = bucketDir.resolve(k).normalize();
    return file.startsWith(bucketDir) && !file.equals(bucketDir) ? file : null;
  }

  private String key(Path file) {
    String relative = bucketDir.relativize(file).toString();
    return file.getFileSystem().getSeparator().equals("/")
        ? relative
        : relative.replace(file.getFileSystem().getSeparator(), "/");
  }

  private static String stripLeadingSlashes(String key) {
    int i = 0;
    while (i < key.length() && key.charAt(i) == '/') {
      i++;
    }
    return key.substring(i);
  }

  private IOException failure(String action, String key, IOException cause) {
    return new IOException(
        "cannot "
            + action
            + " "
            + uri(key)
            + " in the embedded store's folder "
            + bucketDir
            + ": "
            + cause.getMessage(),
        cause);
  }

  private IOException readOnly(String key) {
    return new IOException(
        "cannot write "
            + uri(key)
            + ": the embedded store is read straight from its folder "
            + bucketDir
            + " by commands that only read it; writes go through its S3 server");
  }
}
