package dev.distillery.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Settings read once from the environment at the edge (CLI or worker main) and passed down. Unset
 * services mean "embedded": the Temporal test server on 127.0.0.1, S3Proxy with data under {@code
 * DISTILL_HOME}, and the simulated LLM for {@code simulated://} endpoints.
 *
 * @param temporalAddress {@code TEMPORAL_ADDRESS} (host:port), or null for embedded
 * @param namespace {@code TEMPORAL_NAMESPACE}, default {@code default}
 * @param s3Endpoint {@code AWS_ENDPOINT_URL_S3}, or null for AWS itself (or embedded)
 * @param store {@code DISTILL_STORE}, or null for embedded
 * @param region {@code AWS_REGION}, default {@code us-east-1}
 * @param home {@code DISTILL_HOME}, default {@code ~/.distill}
 * @param simulatorUrl {@code DISTILL_SIMULATOR_URL}, the simulated LLM to use for {@code
 *     simulated://} endpoints, or null to start one in-process when needed
 * @param checkpointEvery {@code DISTILL_CHECKPOINT_SECONDS}, how often a running shard uploads its
 *     rows and records a checkpoint, default 10
 * @param temporalCli the Temporal CLI that runs an embedded Temporal as its dev server ({@link
 *     TemporalCli}), or null for the Java test server
 * @param environment the whole environment, for API keys named by recipes
 */
public record DistillConfig(
    String temporalAddress,
    String namespace,
    URI s3Endpoint,
    StoreLocation store,
    String region,
    Path home,
    URI simulatorUrl,
    Duration checkpointEvery,
    Path temporalCli,
    Map<String, String> environment) {

  public DistillConfig {
    environment = Map.copyOf(environment);
  }

  public static DistillConfig fromEnvironment(Map<String, String> env) throws ConfigException {
    String home = env.get("DISTILL_HOME");
    String store = blankToNull(env.get("DISTILL_STORE"));
    String endpoint = blankToNull(env.get("AWS_ENDPOINT_URL_S3"));
    if (endpoint == null) {
      endpoint = blankToNull(env.get("AWS_ENDPOINT_URL"));
    }
    if (endpoint != null && store == null) {
      throw new ConfigException(
          "AWS_ENDPOINT_URL_S3 is set but DISTILL_STORE is not. Set DISTILL_STORE=s3://bucket/prefix"
              + " to say where artifacts go, or unset AWS_ENDPOINT_URL_S3 to use the embedded"
              + " store.");
    }
    return new DistillConfig(
        blankToNull(env.get("TEMPORAL_ADDRESS")),
        env.getOrDefault("TEMPORAL_NAMESPACE", "default"),
        endpoint == null ? null : uri("AWS_ENDPOINT_URL_S3", endpoint),
        store == null ? null : StoreLocation.parse(store),
        env.getOrDefault("AWS_REGION", env.getOrDefault("AWS_DEFAULT_REGION", "us-east-1")),
        home == null || home.isBlank()
            ? Path.of(System.getProperty("user.home"), ".distill")
            : Path.of(home),
        blankToNull(env.get("DISTILL_SIMULATOR_URL")) == null
            ? null
            : uri("DISTILL_SIMULATOR_URL", env.get("DISTILL_SIMULATOR_URL")),
        Duration.ofSeconds(positive("DISTILL_CHECKPOINT_SECONDS", env, 10)),
        TemporalCli.locate(env),
        env);
  }

  public boolean embeddedTemporal() {
    return temporalAddress == null;
  }

  public boolean embeddedStore() {
    return store == null;
  }

  /** A copy with services pointing at a running dev stack. */
  public DistillConfig withDevStack(DevStack dev) {
    return new DistillConfig(
        temporalAddress != null ? temporalAddress : dev.temporalAddress(),
        namespace,
        store != null ? s3Endpoint : dev.s3Endpoint(),
        store != null ? store : dev.store(),
        region,
        home,
        simulatorUrl != null ? simulatorUrl : dev.simulatorUrl(),
        checkpointEvery,
        temporalCli,
        environment);
  }

  private static URI uri(String name, String value) throws ConfigException {
    try {
      URI uri = URI.create(value);
      if (uri.getScheme() == null || uri.getHost() == null) {
        throw new IllegalArgumentException("no scheme or host");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          name
              + "='"
              + value
              + "' is not a URL ("
              + e.getMessage()
              + "). Write it like"
              + " http://127.0.0.1:9000.");
    }
  }

  private static long positive(String name, Map<String, String> env, long defaultValue)
      throws ConfigException {
    String value = blankToNull(env.get(name));
    if (value == null) {
      return defaultValue;
    }
    try {
      long parsed = Long.parseLong(value.trim());
      if (parsed > 0) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // Reported below.
    }
    throw new ConfigException(
        name + "='" + value + "' is not a positive whole number; unset it for " + defaultValue);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
