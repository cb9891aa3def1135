package dev.distillery.store;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.CreateBucketConfiguration;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Builds {@link S3Client}s for AWS S3 and for S3-compatible servers such as S3Proxy or MinIO. */
public final class S3Clients {
  /** Time to open a TCP connection. */
  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  /** Time a read may wait for the next bytes. */
  public static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(60);

  private S3Clients() {}

  /**
   * A client using the JDK's URL connection (no extra HTTP stack), with {@link #CONNECT_TIMEOUT}
   * and {@link #SOCKET_TIMEOUT} and the SDK's standard retries.
   *
   * @param endpointOrNull an S3-compatible endpoint such as {@code http://127.0.0.1:9000}, which
   *     also turns on path-style addressing ({@code http://host/bucket/key}); null for AWS
   * @param region the signing region, for example {@code us-east-1}; null means {@code us-east-1}
   * @param creds the credentials
   */
  public static S3Client create(URI endpointOrNull, String region, AwsCredentialsProvider creds) {
    S3ClientBuilder builder =
        S3Client.builder()
            .httpClientBuilder(
                UrlConnectionHttpClient.builder()
                    .connectionTimeout(CONNECT_TIMEOUT)
                    .socketTimeout(SOCKET_TIMEOUT))
            .region(Region.of(region == null || region.isBlank() ? "us-east-1" : region))
            .credentialsProvider(creds);
    if (endpointOrNull != null) {
      builder.endpointOverride(endpointOrNull).forcePathStyle(true);
    }
    return builder.build();
  }

  /**
   * Creates {@code bucket} unless it exists. A bucket this account already owns is fine; one owned
   * by another account fails.
   *
   * @throws S3Exception when the bucket cannot be checked or created
   */
  public static void ensureBucket(S3Client s3, String bucket) {
    try {
      s3.headBucket(b -> b.bucket(bucket));
      return;
    } catch (NoSuchBucketException e) {
      // Create it below.
    } catch (S3Exception e) {
      if (e.statusCode() != 404) {
        throw e;
      }
    }
    CreateBucketRequest.Builder request = CreateBucketRequest.builder().bucket(bucket);
    Region region = s3.serviceClientConfiguration().region();
    if (region != null && !Region.US_EAST_1.equals(region)) {
      request.createBucketConfiguration(
          CreateBucketConfiguration.builder().locationConstraint(region.id()).build());
    }
    try {
      s3.createBucket(request.build());
    } catch (BucketAlreadyOwnedByYouException e) {
      // Another process created it meanwhile.
    }
  }
}
