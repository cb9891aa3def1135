package dev.distillery.embedded;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * An S3-compatible server in this JVM (S3Proxy), bound to 127.0.0.1 only, for development stacks
 * and tests. It checks SigV2/SigV4 signatures against a fixed local key pair ({@link #ACCESS_KEY},
 * {@link #SECRET_KEY}): these are local-only credentials guarding a loopback port, not secrets.
 *
 * <p>The on-disk backend keeps each object as a plain file under {@code <dataDir>/<bucket>/<key>},
 * so data survives restarts; the in-memory backend is for fast tests.
 */
public final class EmbeddedS3 implements AutoCloseable {
  /** The access key the server accepts. */
  public static final String ACCESS_KEY = "distill";

  /** The secret key the server accepts (local only, not a secret). */
  public static final String SECRET_KEY = "distill-local-secret";

  /** The region clients should sign for. */
  public static final String REGION = "us-east-1";

  private final S3Proxy proxy;
  private final URI endpoint;

  private EmbeddedS3(S3Proxy proxy) {
    this.proxy = proxy;
    this.endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
  }

  /** Starts a server on an ephemeral port, keeping objects under {@code dataDir} (created). */
  public static EmbeddedS3 startOnDisk(Path dataDir) throws IOException {
    return startOnDisk(dataDir, 0);
  }

  /**
   * Starts a server on {@code port} (0 for an ephemeral one), keeping objects under {@code dataDir}
   * (created). A long-lived dev stack passes a fixed port so its printed endpoint stays valid.
   */
  public static EmbeddedS3 startOnDisk(Path dataDir, int port) throws IOException {
    Path dir = dataDir.toAbsolutePath();
    Files.createDirectories(dir);
    Properties props = new Properties();
    props.setProperty("jclouds.filesystem.basedir", dir.toString());
    return start(BlobStores.create("filesystem", props), port);
  }

  /** Starts a server on an ephemeral port that keeps objects in memory only. */
  public static EmbeddedS3 startInMemory() throws IOException {
    return start(BlobStores.create("transient", new Properties()), 0);
  }

  /**
   * Starts a server on an ephemeral port over {@code blobStore}, for tests that put a faulty store
   * behind it (a full disk, say).
   */
  public static EmbeddedS3 startOver(BlobStore blobStore) throws IOException {
    return start(blobStore, 0);
  }

  private static EmbeddedS3 start(BlobStore blobStore, int port) throws IOException {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, got " + port);
    }
    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(new FullDiskAnswers(blobStore))
            .endpoint(URI.create("http://127.0.0.1:" + port))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
            // The AWS SDK sends newer headers (checksums, conditional writes) S3Proxy would 501.
            .ignoreUnknownHeaders(true)
            .build();
    try {
      proxy.start();
    } catch (Exception e) {
      throw new IOException(
          "cannot start embedded S3 on 127.0.0.1:"
              + port
              + (port == 0 ? "" : " (is the port in use?)")
              + ": "
              + e.getMessage(),
          e);
    }
    return new EmbeddedS3(proxy);
  }

  /** The endpoint, for example {@code http://127.0.0.1:40123}. */
  public URI endpoint() {
    return endpoint;
  }

  public String accessKey() {
    return ACCESS_KEY;
  }

  public String secretKey() {
    return SECRET_KEY;
  }

  public String region() {
    return REGION;
  }

  /** Credentials the server accepts. */
  /** The fixed local-only credentials every embedded S3 accepts (not secrets). */
  public static StaticCredentialsProvider localCredentials() {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
  }

  public StaticCredentialsProvider credentials() {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
  }

  /** Stops the server; objects on disk stay. */
  @Override
  public void close() throws IOException {
    try {
      proxy.stop();
    } catch (Exception e) {
      throw new IOException("cannot stop embedded S3 at " + endpoint + ": " + e.getMessage(), e);
    }
  }
}
