package dev.distillery.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.embedded.EmbeddedS3;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;

/** {@link S3BlobStore} over real HTTP against an in-memory {@link EmbeddedS3}. */
class S3BlobStoreTest {
  private static EmbeddedS3 server;
  private static S3Client s3;
  private static int bucketCounter;

  @BeforeAll
  static void start() throws IOException {
    server = EmbeddedS3.startInMemory();
    s3 = S3Clients.create(server.endpoint(), server.region(), server.credentials());
  }

  @AfterAll
  static void stop() throws IOException {
    s3.close();
    server.close();
  }

  private static S3BlobStore freshStore(String prefix, int pageSize) {
    String bucket = "test-" + (++bucketCounter);
    S3Clients.ensureBucket(s3, bucket);
    return new S3BlobStore(s3, bucket, prefix, pageSize);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void putGetExistsDelete() throws IOException {
    S3BlobStore store = freshStore("runs/dev", 1000);
    assertEquals(Optional.empty(), store.get("a/b.json"));
    assertFalse(store.exists("a/b.json"));

    store.put("a/b.json", utf8("{\"x\":1}"));
    assertArrayEquals(utf8("{\"x\":1}"), store.get("a/b.json").orElseThrow());
    assertTrue(store.exists("a/b.json"));
    assertEquals("s3://" + store.bucket() + "/runs/dev/a/b.json", store.uri("a/b.json"));

    store.put("a/b.json", utf8("replaced"));
    assertArrayEquals(utf8("replaced"), store.get("a/b.json").orElseThrow());

    store.delete("a/b.json");
    assertFalse(store.exists("a/b.json"));
    store.delete("a/b.json");
  }

  @Test
  void putFileAndOpenStream(@TempDir Path tmp) throws IOException {
    S3BlobStore store = freshStore("", 1000);
    byte[] data = new byte[3 * 1024 * 1024 + 17];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i * 31);
    }
    Path file = tmp.resolve("big.bin");
    Files.write(file, data);
    store.putFile("blobs/big.bin", file);
    try (InputStream in = store.open("blobs/big.bin")) {
      assertArrayEquals(data, in.readAllBytes());
    }
  }

  @Test
  void openMissingKeyNamesTheUri() {
    S3BlobStore store = freshStore("p", 1000);
    FileNotFoundException e =
        assertThrows(FileNotFoundException.class, () -> store.open("nope/x.zst"));
    assertTrue(e.getMessage().contains("s3://" + store.bucket() + "/p/nope/x.zst"), e.getMessage());
  }

  @Test
  void putIfAbsentWritesOnlyOnce() throws IOException {
    S3BlobStore store = freshStore("p", 1000);
    assertTrue(store.putIfAbsent("stages/k/manifest.json", utf8("first")));
    assertFalse(store.putIfAbsent("stages/k/manifest.json", utf8("second")));
    assertArrayEquals(utf8("first"), store.get("stages/k/manifest.json").orElseThrow());
  }

  /**
   * Under contention S3Proxy stores exactly one body, but the winner's client sometimes sees "Error
   * writing request body to server" although the server stored it; the SDK retries and gets 412
   * from its own write. putIfAbsent must still report exactly one winner.
   */
  @Test
  void putIfAbsentRaceHasExactlyOneWinner() throws Exception {
    S3BlobStore store = freshStore("race", 1000);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      for (int k = 0; k < 20; k++) {
        String key = "m" + k;
        List<Future<Boolean>> results = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
          byte[] body = utf8("writer " + t);
          results.add(pool.submit(() -> store.putIfAbsent(key, body)));
        }
        int winners = 0;
        for (Future<Boolean> f : results) {
          winners += f.get() ? 1 : 0;
        }
        assertEquals(1, winners, "winners for " + key);
        assertTrue(store.exists(key));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void listPaginatesInOrderAndStripsThePrefix() throws IOException {
    S3BlobStore store = freshStore("/root//sub/", 3);
    assertEquals("root/sub/", store.prefix());
    List<String> expected = new ArrayList<>();
    for (int i = 9; i >= 0; i--) {
      String key = "stages/dedup/k" + i + "/part-0000" + i + ".jsonl.zst";
      store.put(key, utf8("x"));
      expected.add(key);
    }
    store.put("stages/dedupe-other/z", utf8("x"));
    store.put("sweeps/s1.json", utf8("x"));
    expected.sort(null);

    assertTrue(
        s3.listObjectsV2(b -> b.bucket(store.bucket()).prefix("root/sub/stages/").maxKeys(3))
            .isTruncated(),
        "the server honours maxKeys, so list() really follows pages");
    assertEquals(expected, store.list("stages/dedup/"));
    assertEquals(12, store.list("").size());
    assertEquals(List.of("sweeps/s1.json"), store.list("sweeps"));
    assertEquals(List.of(), store.list("nothing/"));
  }

  @Test
  void prefixIsNormalised() {
    assertEquals("", S3BlobStore.normalisePrefix(null));
    assertEquals("", S3BlobStore.normalisePrefix("/"));
    assertEquals("a/b/", S3BlobStore.normalisePrefix("//a///b/"));
    assertEquals("a/", S3BlobStore.normalisePrefix("a"));
  }

  @Test
  void ensureBucketIsIdempotent() {
    S3Clients.ensureBucket(s3, "twice");
    S3Clients.ensureBucket(s3, "twice");
  }

  @Test
  void missingBucketIsExplained() {
    S3BlobStore store = new S3BlobStore(s3, "no-such-bucket", "");
    // A GET, not a PUT: S3Proxy answers a PUT to a missing bucket before reading its body, so
    // the client sometimes sees a broken write instead of the 404 (seen under load).
    IOException e = assertThrows(IOException.class, () -> store.get("k"));
    assertTrue(e.getMessage().contains("bucket no-such-bucket does not exist"), e.getMessage());
  }

  @Test
  void wrongSecretIsExplained() {
    S3BlobStore good = freshStore("", 1000);
    try (S3Client bad =
        S3Clients.create(
            server.endpoint(),
            server.region(),
            StaticCredentialsProvider.create(AwsBasicCredentials.create("distill", "wrong")))) {
      S3BlobStore store = new S3BlobStore(bad, good.bucket(), "");
      IOException e = assertThrows(IOException.class, () -> store.put("k", utf8("x")));
      assertTrue(e.getMessage().contains("403"), e.getMessage());
      assertTrue(e.getMessage().contains("AWS_SECRET_ACCESS_KEY"), e.getMessage());
    }
  }

  @Test
  void unreachableEndpointIsExplained() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    URI endpoint = URI.create("http://127.0.0.1:" + port);
    try (S3Client nowhere = S3Clients.create(endpoint, "us-east-1", server.credentials())) {
      S3BlobStore store = new S3BlobStore(nowhere, "b", "p");
      StorageUnavailableException e =
          assertThrows(StorageUnavailableException.class, () -> store.get("k"));
      assertTrue(e.getMessage().contains("cannot reach S3 at " + endpoint), e.getMessage());
      assertTrue(e.getMessage().contains("AWS_ENDPOINT_URL_S3"), e.getMessage());
      assertTrue(e.getMessage().contains("s3://b/p/k"), e.getMessage());
    }
  }
}
