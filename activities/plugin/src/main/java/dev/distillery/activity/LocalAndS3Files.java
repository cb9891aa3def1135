package dev.distillery.activity;

import dev.distillery.stages.core.SourceFiles;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** Opens {@code s3://bucket/key} through the worker's S3 client and anything else as a path. */
public final class LocalAndS3Files implements SourceFiles {
  /** Opens a local file; a seam so tests can count or fail opens. */
  @FunctionalInterface
  public interface LocalOpener {
    InputStream open(Path path) throws IOException;
  }

  private final S3Client s3;
  private final LocalOpener local;

  public LocalAndS3Files(S3Client s3, LocalOpener local) {
    this.s3 = s3;
    this.local = local;
  }

  @Override
  public InputStream open(String pathOrUri) throws IOException {
    if (!pathOrUri.startsWith("s3://")) {
      try {
        return local.open(Path.of(pathOrUri));
      } catch (NoSuchFileException e) {
        throw new FileNotFoundException(pathOrUri);
      }
    }
    String rest = pathOrUri.substring("s3://".length());
    int slash = rest.indexOf('/');
    if (slash <= 0) {
      throw new FileNotFoundException(pathOrUri + " (no key after the bucket)");
    }
    try {
      return s3.getObject(
          GetObjectRequest.builder()
              .bucket(rest.substring(0, slash))
              .key(rest.substring(slash + 1))
              .build());
    } catch (NoSuchKeyException | NoSuchBucketException e) {
      throw new FileNotFoundException(pathOrUri);
    } catch (SdkException e) {
      throw new IOException("cannot read " + pathOrUri + ": " + e.getMessage(), e);
    }
  }
}
