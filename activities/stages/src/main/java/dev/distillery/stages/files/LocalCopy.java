package dev.distillery.stages.files;

import dev.distillery.stages.core.SourceFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A source file as an uncompressed local file, for readers that need random access (Parquet): a
 * local file as it is, or a temp copy of an S3 object or a zstd-compressed file, deleted on {@link
 * #close()}.
 */
final class LocalCopy implements AutoCloseable {
  private final Path path;
  private final boolean temporary;
  private String sha256;

  private LocalCopy(Path path, boolean temporary, String sha256) {
    this.path = path;
    this.temporary = temporary;
    this.sha256 = sha256;
  }

  /**
   * The local file at {@code location}, or a temp copy of what {@code files} opens there.
   *
   * @throws java.io.FileNotFoundException when there is nothing at {@code location}
   */
  static LocalCopy of(SourceFiles files, String location) throws IOException {
    if (!location.startsWith("s3://")) {
      try {
        Path local = Path.of(location);
        if (Files.isRegularFile(local)) {
          return ofLocal(local);
        }
      } catch (InvalidPathException e) {
        // Not a local path: let files open it.
      }
    }
    return copy(files.open(location));
  }

  /** {@code file} itself, or a decompressed temp copy when it is zstd-compressed. */
  static LocalCopy ofLocal(Path file) throws IOException {
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(4);
    }
    if (!RecordFiles.isZstd(head)) {
      return new LocalCopy(file, false, null);
    }
    return copy(Files.newInputStream(file));
  }

  /** The local, uncompressed file. */
  Path path() {
    return path;
  }

  /** The sha256 of the bytes as stored (before decompression), in hex. */
  String sha256() throws IOException {
    if (sha256 == null) {
      MessageDigest digest = newDigest();
      try (InputStream in = new DigestInputStream(Files.newInputStream(path), digest)) {
        in.transferTo(OutputStream.nullOutputStream());
      }
      sha256 = HexFormat.of().formatHex(digest.digest());
    }
    return sha256;
  }

  @Override
  public void close() throws IOException {
    if (temporary) {
      Files.deleteIfExists(path);
    }
  }

  private static LocalCopy copy(InputStream raw) throws IOException {
    MessageDigest digest = newDigest();
    Path temp = Files.createTempFile("distill-source-", ".parquet");
    try (DigestInputStream hashed = new DigestInputStream(raw, digest);
        InputStream in = RecordFiles.decompressed(hashed)) {
      Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
      hashed.transferTo(OutputStream.nullOutputStream());
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(temp);
      throw e;
    }
    return new LocalCopy(temp, true, HexFormat.of().formatHex(digest.digest()));
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
