package dev.distillery.store;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A {@link BlobStore} on an S3 bucket under a key prefix, for AWS S3 and S3-compatible servers.
 *
 * <p>Reads are plain streaming {@code GetObject}s: no Transfer Manager and no part-number GETs,
 * which S3Proxy does not support. {@link #putIfAbsent} is a {@code PutObject} with {@code
 * If-None-Match: *}. SDK failures become {@link IOException}s whose message names the object and
 * the endpoint; an unreachable endpoint gives a {@link StorageUnavailableException}, a full server
 * or denied access a {@link PermanentStorageException}.
 */
public final class S3BlobStore implements BlobStore {
  /** HTTP 507, which servers (MinIO, the embedded S3) send when their disk is full. */
  static final int INSUFFICIENT_STORAGE = 507;

  /** S3 error codes that mean the server's storage is full. */
  private static final Set<String> STORAGE_FULL_CODES =
      Set.of("XMinioStorageFull", "InsufficientStorage");

  private final S3Client s3;
  private final String bucket;
  private final String root;
  private final int pageSize;

  /**
   * @param s3 the client, see {@link S3Clients#create}
   * @param bucket the bucket, which must exist ({@link S3Clients#ensureBucket})
   * @param prefix a key prefix such as {@code distillery/dev}; empty or null for the bucket root.
   *     Leading, trailing and doubled slashes are dropped.
   */
  public S3BlobStore(S3Client s3, String bucket, String prefix) {
    this(s3, bucket, prefix, 1000);
  }

  /** As the public constructor, listing {@code pageSize} keys per request (for tests). */
  S3BlobStore(S3Client s3, String bucket, String prefix, int pageSize) {
    this.s3 = Objects.requireNonNull(s3, "s3");
    if (bucket == null || bucket.isBlank()) {
      throw new IllegalArgumentException("bucket must not be empty");
    }
    this.bucket = bucket;
    this.root = normalisePrefix(prefix);
    this.pageSize = pageSize;
  }

  /** The normalised prefix: empty, or segments joined by single slashes ending in a slash. */
  static String normalisePrefix(String prefix) {
    if (prefix == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    for (String segment : prefix.split("/+")) {
      if (!segment.isEmpty()) {
        sb.append(segment).append('/');
      }
    }
    return sb.toString();
  }

  public String bucket() {
    return bucket;
  }

  /** The normalised prefix, empty or ending in a slash. */
  public String prefix() {
    return root;
  }

  @Override
  public void putFile(String key, Path file) throws IOException {
    try {
      s3.putObject(b -> b.bucket(bucket).key(full(key)), RequestBody.fromFile(file));
    } catch (SdkException e) {
      throw fail("upload " + file + " to", key, e);
    }
  }

  @Override
  public void put(String key, byte[] bytes) throws IOException {
    try {
      s3.putObject(b -> b.bucket(bucket).key(full(key)), RequestBody.fromBytes(bytes));
    } catch (SdkException e) {
      throw fail("write", key, e);
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>A request whose response is lost (seen against S3Proxy under contention: the server stores
   * the body but the client reports "Error writing request body") is retried by the SDK and then
   * gets 412 from its own write. So on 412 this reads the object back: when it holds exactly {@code
   * bytes}, the call counts as having written it and returns true.
   */
  @Override
  public boolean putIfAbsent(String key, byte[] bytes) throws IOException {
    try {
      s3.putObject(
          b -> b.bucket(bucket).key(full(key)).ifNoneMatch("*"), RequestBody.fromBytes(bytes));
      return true;
    } catch (S3Exception e) {
      if (e.statusCode() == 412 || isConditionalConflict(e)) {
        return get(key).map(stored -> Arrays.equals(stored, bytes)).orElse(false);
      }
      throw fail("conditionally write", key, e);
    } catch (SdkException e) {
      throw fail("conditionally write", key, e);
    }
  }

  private static boolean isConditionalConflict(S3Exception e) {
    return e.statusCode() == 409
        && e.awsErrorDetails() != null
        && "ConditionalRequestConflict".equals(e.awsErrorDetails().errorCode());
  }

  @Override
  public Optional<byte[]> get(String key) throws IOException {
    try {
      return Optional.of(s3.getObjectAsBytes(b -> b.bucket(bucket).key(full(key))).asByteArray());
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (SdkException e) {
      throw fail("read", key, e);
    }
  }

  @Override
  public InputStream open(String key) throws IOException {
    try {
      return s3.getObject(b -> b.bucket(bucket).key(full(key)));
    } catch (NoSuchKeyException e) {
      throw notFound(key, e);
    } catch (SdkException e) {
      throw fail("read", key, e);
    }
  }

  private FileNotFoundException notFound(String key, Exception cause) {
    FileNotFoundException e = new FileNotFoundException("no object at " + uri(key));
    e.initCause(cause);
    return e;
  }

  @Override
  public boolean exists(String key) throws IOException {
    try {
      s3.headObject(b -> b.bucket(bucket).key(full(key)));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    } catch (S3Exception e) {
      // HEAD responses have no body, so a missing key may arrive as a bare 404.
      if (e.statusCode() == 404 && !(e instanceof NoSuchBucketException)) {
        return false;
      }
      throw fail("check", key, e);
    } catch (SdkException e) {
      throw fail("check", key, e);
    }
  }

  @Override
  public List<String> list(String prefix) throws IOException {
    String fullPrefix = full(prefix);
    ListObjectsV2Request request =
        ListObjectsV2Request.builder().bucket(bucket).prefix(fullPrefix).maxKeys(pageSize).build();
    List<String> keys = new ArrayList<>();
    try {
      for (S3Object object : s3.listObjectsV2Paginator(request).contents()) {
        keys.add(object.key().substring(root.length()));
      }
    } catch (SdkException e) {
      throw fail("list", prefix, e);
    }
    // S3 already lists in UTF-8 byte order; sorting guards against servers that do not.
    keys.sort(null);
    return keys;
  }

  @Override
  public void delete(String key) throws IOException {
    try {
      s3.deleteObject(b -> b.bucket(bucket).key(full(key)));
    } catch (NoSuchKeyException e) {
      // Already gone.
    } catch (SdkException e) {
      throw fail("delete", key, e);
    }
  }

  @Override
  public String uri(String key) {
    return "s3://" + bucket + "/" + full(key);
  }

  private String full(String key) {
    int i = 0;
    while (i < key.length() && key.charAt(i) == '/') {
      i++;
    }
    return root + key.substring(i);
  }

  private String endpoint() {
    return s3.serviceClientConfiguration()
        .endpointOverride()
        .map(Object::toString)
        .orElseGet(() -> "AWS S3 in " + s3.serviceClientConfiguration().region());
  }

  /** Turns an SDK failure into an IOException that says what failed and what to check. */
  private IOException fail(String action, String key, SdkException e) {
    String what = action + " " + uri(key);
    if (e instanceof SdkClientException) {
      return new StorageUnavailableException(
          "cannot reach S3 at "
              + endpoint()
              + " to "
              + what
              + ": "
              + e.getMessage()
              + "; check AWS_ENDPOINT_URL_S3 and that the server is running",
          e);
    }
    if (e instanceof S3Exception s3e) {
      int status = s3e.statusCode();
      String code = s3e.awsErrorDetails() == null ? "" : s3e.awsErrorDetails().errorCode();
      String head = "S3 at " + endpoint() + " failed to " + what + " (" + status + " " + code + ")";
      if (e instanceof NoSuchBucketException || "NoSuchBucket".equals(code)) {
        return new IOException(
            head + ": bucket " + bucket + " does not exist; create it or check the bucket name", e);
      }
      if (status == 403 || status == 401) {
        return new PermanentStorageException(
            PermanentStorageException.ACCESS_DENIED,
            head
                + ": access denied; check AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (or the"
                + " profile) and the region",
            e);
      }
      if (status == INSUFFICIENT_STORAGE
          || STORAGE_FULL_CODES.contains(code)
          || StorageFaults.isDiskFull(e)) {
        return new PermanentStorageException(
            PermanentStorageException.STORAGE_FULL,
            head
                + ": the server has no space left. Free space on it (stages no sweep needs any"
                + " more can go: `distill artifacts ls`), then run or resume the sweep;"
                + " finished stages are kept.",
            e);
      }
      if (status >= 500) {
        return new StorageUnavailableException(head + ": " + e.getMessage(), e);
      }
      return new IOException(head + ": " + e.getMessage(), e);
    }
    return new IOException("S3 at " + endpoint() + " failed to " + what + ": " + e, e);
  }
}
