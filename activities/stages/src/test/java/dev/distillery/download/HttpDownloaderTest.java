package dev.distillery.download;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.http.Retrier;
import dev.distillery.http.RetryPolicy;
import java.io.FileNotFoundException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpDownloaderTest {
  @TempDir Path cache;

  private final byte[] content = randomBytes(3 << 20);

  private HttpDownloader downloader() {
    return new HttpDownloader(
        HttpClient.newHttpClient(),
        cache,
        new Retrier(
            RetryPolicy.defaults().withMaxAttempts(4).withBaseDelay(Duration.ofMillis(10))));
  }

  @Test
  void resumesACutTransferWithARangeRequestAndVerifiesTheBytes() throws Exception {
    try (RangeFileServer server = new RangeFileServer(content)) {
      server.cutNextAfter(1_000_000);
      List<long[]> progress = new ArrayList<>();
      Download download =
          downloader()
              .fetch(
                  server.base().resolve("/data/q.jsonl"),
                  null,
                  (done, total) -> progress.add(new long[] {done, total}));

      assertArrayEquals(content, Files.readAllBytes(download.file()));
      assertEquals(content.length, download.bytes());
      assertEquals(sha256(content), download.sha256());
      assertEquals("\"v1\"", download.etag());
      assertEquals(1, download.resumes());
      assertFalse(download.fromCache());
      List<RangeFileServer.Seen> seen = server.seen();
      assertEquals(2, seen.size(), seen.toString());
      assertNull(seen.get(0).range());
      assertTrue(seen.get(1).range().matches("bytes=\\d+-"), seen.toString());
      long resumedAt = Long.parseLong(seen.get(1).range().replaceAll("\\D", ""));
      assertTrue(resumedAt > 0 && resumedAt <= 1_000_000, "resumed from the partial file");
      assertEquals(206, seen.get(1).status());
      assertEquals(content.length, progress.get(progress.size() - 1)[0]);
      assertTrue(progress.size() >= 3, "progress while downloading, not only at the end");
    }
  }

  @Test
  void revalidatesTheCacheAndRefetchesChangedContent() throws Exception {
    try (RangeFileServer server = new RangeFileServer(content)) {
      URI uri = server.base().resolve("/q.jsonl");
      Download first = downloader().fetch(uri, null, ByteProgress.NONE);
      Download again = downloader().fetch(uri, null, ByteProgress.NONE);
      assertTrue(again.fromCache());
      assertEquals(first.sha256(), again.sha256());
      assertEquals(304, server.seen().get(1).status());

      byte[] changed = randomBytes(1000);
      server.replace(changed, "\"v2\"");
      Download fresh = downloader().fetch(uri, null, ByteProgress.NONE);
      assertFalse(fresh.fromCache());
      assertEquals(sha256(changed), fresh.sha256());
      assertArrayEquals(changed, Files.readAllBytes(fresh.file()));
    }
  }

  @Test
  void restartsFromZeroWhenTheContentChangedUnderAPartialFile() throws Exception {
    try (RangeFileServer server = new RangeFileServer(content)) {
      URI uri = server.base().resolve("/q.jsonl");
      server.cutNextAfter(500_000);
      HttpDownloader once =
          new HttpDownloader(
              HttpClient.newHttpClient(),
              cache,
              new Retrier(RetryPolicy.defaults().withMaxAttempts(1)));
      assertThrows(java.io.IOException.class, () -> once.fetch(uri, null, ByteProgress.NONE));

      byte[] changed = randomBytes(2 << 20);
      server.replace(changed, "\"v2\"");
      Download download = downloader().fetch(uri, null, ByteProgress.NONE);
      assertArrayEquals(changed, Files.readAllBytes(download.file()));
      assertEquals(200, server.seen().get(1).status(), "If-Range failed, so the whole file");
    }
  }

  @Test
  void sendsTheTokenOnlyToTheOriginalHost() throws Exception {
    try (RangeFileServer cdn = new RangeFileServer(content);
        RangeFileServer hub = new RangeFileServer(content)) {
      // localhost and 127.0.0.1 are different hosts to the downloader.
      hub.redirectTo(URI.create("http://localhost:" + cdn.base().getPort()));
      Download download =
          downloader().fetch(hub.base().resolve("/redirect/f.csv"), "secret", ByteProgress.NONE);

      assertArrayEquals(content, Files.readAllBytes(download.file()));
      assertEquals("Bearer secret", hub.seen().get(0).authorization());
      assertNull(cdn.seen().get(0).authorization());
      assertEquals("/f.csv", cdn.seen().get(0).path());
    }
  }

  /**
   * A CDN or the Hub turning requests away (503, 429, 408) is waited out as the shared policy says:
   * each wait is the backoff, or the server's Retry-After (seconds or an HTTP date) when longer.
   */
  @Test
  void waitsOutRefusalsHonouringRetryAfterThenDownloads() throws Exception {
    try (RangeFileServer server = new RangeFileServer(content)) {
      server.refuseNext(503, "2");
      server.refuseNext(429, "Fri, 31 Dec 1999 23:59:59 GMT");
      server.refuseNext(408, null);
      List<Duration> waits = new ArrayList<>();
      RetryPolicy policy = RetryPolicy.defaults().withMaxAttempts(4);
      HttpDownloader downloader =
          new HttpDownloader(
              HttpClient.newHttpClient(),
              cache,
              new Retrier(policy, waits::add, new SplittableRandom(1), System::nanoTime));

      Download download = downloader.fetch(server.base().resolve("/q"), null, ByteProgress.NONE);

      assertArrayEquals(content, Files.readAllBytes(download.file()));
      assertEquals(
          List.of(503, 429, 408, 200), server.seen().stream().map(s -> s.status()).toList());
      assertEquals(Duration.ofSeconds(2), waits.get(0), "Retry-After: 2 outweighs <= 500 ms");
      assertTrue(waits.get(1).compareTo(policy.ceiling(2)) <= 0, "a past date asks for nothing");
      assertTrue(waits.get(2).compareTo(policy.ceiling(3)) <= 0, waits.toString());
      assertEquals(3, waits.size());
    }
  }

  @Test
  void givesUpAfterTheAttemptsThePolicyAllows() throws Exception {
    try (RangeFileServer server = new RangeFileServer(content)) {
      for (int i = 0; i < 3; i++) {
        server.refuseNext(500, null);
      }
      List<Duration> waits = new ArrayList<>();
      HttpDownloader downloader =
          new HttpDownloader(
              HttpClient.newHttpClient(),
              cache,
              new Retrier(
                  RetryPolicy.defaults().withMaxAttempts(3),
                  waits::add,
                  new SplittableRandom(1),
                  System::nanoTime));
      java.io.IOException e =
          assertThrows(
              java.io.IOException.class,
              () -> downloader.fetch(server.base().resolve("/q"), null, ByteProgress.NONE));
      assertTrue(e.getMessage().contains("after 3 attempts: HTTP 500"), e.getMessage());
      assertEquals(3, server.seen().size());
      assertEquals(2, waits.size());
    }
  }

  @Test
  void reportsAMissingFileWithoutRetrying() throws Exception {
    try (RangeFileServer server = new RangeFileServer(content)) {
      server.put("/present", content);
      assertThrows(
          FileNotFoundException.class,
          () -> downloader().fetch(server.base().resolve("/absent"), null, ByteProgress.NONE));
      assertEquals(1, server.seen().size());
    }
  }

  @Test
  void mapsHuggingFaceUrisToResolveUrls() {
    assertEquals(
        URI.create("https://huggingface.co/datasets/open-r1/OpenR1-Math/resolve/main/data/a.csv"),
        HuggingFaceUris.resolve(
            "hf://datasets/open-r1/OpenR1-Math/data/a.csv", HuggingFaceUris.DEFAULT_ENDPOINT));
    assertEquals(
        URI.create("http://h:1/datasets/o/n/resolve/v1.0/x.jsonl"),
        HuggingFaceUris.resolve("hf://datasets/o/n@v1.0/x.jsonl", "http://h:1/"));
    assertThrows(
        IllegalArgumentException.class,
        () -> HuggingFaceUris.resolve("hf://datasets/only-name", "https://huggingface.co"));
    assertThrows(
        IllegalArgumentException.class,
        () -> HuggingFaceUris.resolve("hf://models/o/n/x", "https://huggingface.co"));
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    new Random(n).nextBytes(bytes);
    return bytes;
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
