package dev.distillery.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * An S3Proxy store whose disk is full under some key prefixes: writes there fail as the filesystem
 * store's do on a full disk, with the I/O error "No space left on device"; the rest works.
 */
final class FakeFullDisk extends ForwardingBlobStore {
  private final List<String> fullPrefixes;

  FakeFullDisk(BlobStore delegate, String... fullPrefixes) {
    super(delegate);
    this.fullPrefixes = List.of(fullPrefixes);
  }

  @Override
  public PutObjectResponse putBlob(PutObjectRequest request, InputStream input) {
    if (fullPrefixes.stream().anyMatch(request.key()::startsWith)) {
      throw new RuntimeException(
          new UncheckedIOException(new IOException("No space left on device")));
    }
    return super.putBlob(request, input);
  }
}
