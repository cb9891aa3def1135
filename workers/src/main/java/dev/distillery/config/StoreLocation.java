package dev.distillery.config;

/**
 * Where artifacts live: {@code s3://bucket/prefix}.
 *
 * @param bucket the bucket
 * @param prefix the key prefix without leading or trailing slash; may be empty
 */
public record StoreLocation(String bucket, String prefix) {

  /** Parses {@code s3://bucket} or {@code s3://bucket/some/prefix}. */
  public static StoreLocation parse(String uri) throws ConfigException {
    if (uri == null || !uri.startsWith("s3://") || uri.length() == "s3://".length()) {
      throw new ConfigException(
          "DISTILL_STORE='"
              + uri
              + "' is not an S3 location. Write it as s3://bucket or"
              + " s3://bucket/prefix.");
    }
    String rest = uri.substring("s3://".length());
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    String prefix = slash < 0 ? "" : rest.substring(slash + 1).replaceAll("^/+|/+$", "");
    return new StoreLocation(bucket, prefix);
  }

  @Override
  public String toString() {
    return "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
  }
}
