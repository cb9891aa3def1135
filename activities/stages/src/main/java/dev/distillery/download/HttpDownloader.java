package dev.distillery.download;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.http.Retrier;
import dev.distillery.http.RetryAfter;
import dev.distillery.http.RetryDecision;
import dev.distillery.http.RetryPolicy;
import dev.distillery.json.Json;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Downloads {@code http(s)://} URLs into a cache directory, one file per URL. An interrupted
 * transfer leaves a partial file that the next attempt continues with an HTTP {@code Range} request
 * ({@code If-Range} guards against the content having changed meanwhile); the finished file's
 * length is checked against the length the server announced. A cached file is revalidated with
 * {@code If-None-Match}/{@code If-Modified-Since} and re-fetched when the server has new content.
 * Redirects are followed by hand so that the bearer token goes only to the original host, never to
 * a CDN it redirects to. The token is never logged, stored or put in a message.
 */
public final class HttpDownloader {
  private static final ObjectMapper JSON = Json.mapper();
  private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");
  private static final int MAX_REDIRECTS = 10;
  private static final long REPORT_EVERY = 1 << 20;

  private final HttpClient client;
  private final Path cacheDir;
  private final Retrier retrier;

  /**
   * @param client the HTTP client; redirects are handled here, so its redirect policy is unused
   * @param cacheDir where downloads are kept ({@code <sha256 of url>.data}, {@code .part} while
   *     downloading, {@code .json} with the server's validators)
   * @param retrier how transfers are retried: its attempts count resumes, its waits honour a 429's
   *     or 503's {@code Retry-After}
   */
  public HttpDownloader(HttpClient client, Path cacheDir, Retrier retrier) {
    this.client = client;
    this.cacheDir = cacheDir;
    this.retrier = retrier;
  }

  /**
   * Returns the URL's bytes in the cache, downloading or resuming as needed.
   *
   * @param bearerToken sent as {@code Authorization: Bearer} to the URL's own host; null for none
   * @throws FileNotFoundException on 404 or 410
   * @throws HttpStatusException on another status no retry changes (401, 403, other 4xx)
   * @throws IOException when every attempt failed
   */
  public Download fetch(URI uri, String bearerToken, ByteProgress progress)
      throws IOException, InterruptedException {
    Files.createDirectories(cacheDir);
    String key = sha256(uri.toString().getBytes(StandardCharsets.UTF_8));
    Path data = cacheDir.resolve(key + ".data");
    Path part = cacheDir.resolve(key + ".part");
    Path meta = cacheDir.resolve(key + ".json");
    try (FileChannel lockFile =
            FileChannel.open(
                cacheDir.resolve(key + ".lock"),
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock = lockFile.lock()) {
      int[] resumes = {0};
      int[] attempts = {0};
      try {
        return retrier.call(
            "Download of " + uri,
            number -> {
              attempts[0] = number;
              if (number > 1 && Files.exists(part) && Files.size(part) > 0) {
                resumes[0]++;
              }
              Download done =
                  attempt(uri, bearerToken, progress, data, part, meta, readMeta(meta), resumes[0]);
              if (done == null) {
                throw new IOException("the transfer of " + uri + " must start again");
              }
              return done;
            },
            HttpDownloader::decide);
      } catch (FileNotFoundException | HttpStatusException e) {
        throw e;
      } catch (IOException e) {
        throw new IOException(
            "cannot download " + uri + " after " + attempts[0] + " attempts: " + e.getMessage(), e);
      }
    }
  }

  /** Whether a failed transfer is worth another: not a missing file or a status no retry fixes. */
  private static RetryDecision decide(IOException e) {
    if (e instanceof FileNotFoundException || e instanceof HttpStatusException) {
      return RetryDecision.STOP;
    }
    return e instanceof TransientHttpException busy
        ? RetryDecision.retryAfter(busy.retryAfter())
        : RetryDecision.RETRY;
  }

  /** One transfer; null when it must be tried again (a short body, a restarted range). */
  private Download attempt(
      URI uri,
      String token,
      ByteProgress progress,
      Path data,
      Path part,
      Path meta,
      ObjectNode known,
      int resumes)
      throws IOException, InterruptedException {
    Map<String, String> headers = new LinkedHashMap<>();
    long have = Files.exists(part) ? Files.size(part) : 0;
    boolean cached = Files.exists(data) && known != null && known.hasNonNull("sha256");
    if (have > 0 && known != null && !cached) {
      headers.put("Range", "bytes=" + have + "-");
      String validator = strongValidator(known);
      if (validator != null) {
        headers.put("If-Range", validator);
      }
    } else if (cached) {
      if (known.hasNonNull("etag")) {
        headers.put("If-None-Match", known.get("etag").asText());
      } else if (known.hasNonNull("last_modified")) {
        headers.put("If-Modified-Since", known.get("last_modified").asText());
      }
    }
    HttpResponse<InputStream> response = send(uri, token, headers);
    int status = response.statusCode();
    try (InputStream body = response.body()) {
      if (status == 304 && cached) {
        return new Download(
            data,
            Files.size(data),
            known.get("sha256").asText(),
            text(known, "etag"),
            text(known, "last_modified"),
            true,
            0);
      }
      if (status == 404 || status == 410) {
        throw new FileNotFoundException(uri + " (HTTP " + status + ")");
      }
      if (status == 416 && have > 0) {
        long total = known == null ? -1 : known.path("length").asLong(-1);
        if (total != have) {
          Files.deleteIfExists(part);
          return null;
        }
        return finish(uri, part, data, meta, known, resumes, progress);
      }
      if (RetryPolicy.retryableStatus(status)) {
        throw new TransientHttpException(
            uri, status, RetryAfter.of(response.headers(), Instant.now()));
      }
      if (status != 200 && status != 206) {
        throw new HttpStatusException(uri, status);
      }
      long start = 0;
      long total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
      ObjectNode validators = known;
      if (status == 206) {
        Matcher m =
            CONTENT_RANGE.matcher(response.headers().firstValue("Content-Range").orElse(""));
        if (!m.matches() || Long.parseLong(m.group(1)) != have) {
          Files.deleteIfExists(part);
          return null;
        }
        start = have;
        total = m.group(3).equals("*") ? -1 : Long.parseLong(m.group(3));
      } else {
        ObjectNode fresh = JSON.createObjectNode();
        fresh.put("url", uri.toString());
        response.headers().firstValue("ETag").ifPresent(v -> fresh.put("etag", v));
        response
            .headers()
            .firstValue("Last-Modified")
            .ifPresent(v -> fresh.put("last_modified", v));
        fresh.put("length", total);
        Files.write(meta, JSON.writeValueAsBytes(fresh));
        validators = fresh;
      }
      if (validators == null) {
        validators = JSON.createObjectNode();
      }
      copy(body, part, start, total, progress);
      long size = Files.size(part);
      if (total >= 0 && size != total) {
        // The server promised more than it sent without the connection failing: retry the rest.
        throw new IOException("got " + size + " of " + total + " bytes of " + uri);
      }
      if (total < 0 && validators.path("length").asLong(-1) < 0) {
        validators.put("length", size);
      }
      return finish(uri, part, data, meta, validators, resumes, progress);
    }
  }

  private Download finish(
      URI uri,
      Path part,
      Path data,
      Path meta,
      ObjectNode validators,
      int resumes,
      ByteProgress progress)
      throws IOException {
    String sha256;
    try (InputStream in = Files.newInputStream(part)) {
      MessageDigest digest = newDigest();
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
      sha256 = HexFormat.of().formatHex(digest.digest());
    }
    long size = Files.size(part);
    Files.move(part, data, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    validators.put("url", uri.toString());
    validators.put("length", size);
    validators.put("sha256", sha256);
    Files.write(meta, JSON.writeValueAsBytes(validators));
    progress.bytes(size, size);
    return new Download(
        data,
        size,
        sha256,
        text(validators, "etag"),
        text(validators, "last_modified"),
        false,
        resumes);
  }

  private static void copy(InputStream body, Path part, long start, long total, ByteProgress p)
      throws IOException {
    StandardOpenOption mode =
        start > 0 ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING;
    try (OutputStream out =
        Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE, mode)) {
      byte[] buffer = new byte[1 << 16];
      long done = start;
      long nextReport = start + REPORT_EVERY;
      for (int n; (n = body.read(buffer)) > 0; ) {
        out.write(buffer, 0, n);
        done += n;
        if (done >= nextReport) {
          out.flush();
          p.bytes(done, total);
          nextReport = done + REPORT_EVERY;
        }
      }
    }
  }

  private HttpResponse<InputStream> send(URI uri, String token, Map<String, String> headers)
      throws IOException, InterruptedException {
    URI target = uri;
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      HttpRequest.Builder request = HttpRequest.newBuilder(target).GET();
      headers.forEach(request::header);
      if (token != null && sameOrigin(uri, target)) {
        request.header("Authorization", "Bearer " + token);
      }
      HttpResponse<InputStream> response =
          client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      int status = response.statusCode();
      var location = response.headers().firstValue("Location");
      if (status / 100 != 3 || status == 304 || location.isEmpty()) {
        return response;
      }
      response.body().close();
      target = target.resolve(location.get());
    }
    throw new IOException("more than " + MAX_REDIRECTS + " redirects for " + uri);
  }

  private static boolean sameOrigin(URI a, URI b) {
    return a.getScheme().equalsIgnoreCase(b.getScheme())
        && a.getHost().equalsIgnoreCase(b.getHost())
        && a.getPort() == b.getPort();
  }

  /** The validator for If-Range: a strong ETag, else Last-Modified; null when neither is usable. */
  private static String strongValidator(ObjectNode known) {
    String etag = text(known, "etag");
    if (etag != null && !etag.startsWith("W/")) {
      return etag;
    }
    return text(known, "last_modified");
  }

  private static ObjectNode readMeta(Path meta) throws IOException {
    if (!Files.exists(meta)) {
      return null;
    }
    JsonNode node = JSON.readTree(meta.toFile());
    return node instanceof ObjectNode object ? object : null;
  }

  private static String text(JsonNode node, String field) {
    return node != null && node.hasNonNull(field) ? node.get(field).asText() : null;
  }

  private static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(newDigest().digest(bytes));
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
