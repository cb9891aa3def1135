package dev.distillery.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.embedded.EmbeddedS3;
import dev.distillery.embedded.EmbeddedS3Directory;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@link EmbeddedS3Directory} reads what the embedded S3 server wrote to disk as that server serves
 * it: every object is written through the real S3 path ({@link S3BlobStore} over HTTP against
 * {@link EmbeddedS3#startOnDisk}) and read back both ways.
 */
class EmbeddedS3DirectoryTest {
  private static final String BUCKET = "distillery";

  @TempDir Path dataDir;

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Keys whose byte order differs from a folder walk's: '-' < '.' < '/' < digits < letters. */
  private static final List<String> KEYS =
      List.of(
          "stages/dedup/k2/manifest.json",
          "stages/dedup/k2/part-00000.jsonl.zst",
          "stages/dedup/k10/manifest.json",
          "stages/dedup-other/z",
          "stages/dedup.x",
          "stages/dedupA/y",
          "stages/d/e/f/g/h.json",
          "sweeps/demo/plan.json",
          "sweeps/demo/experiments/e-1.json",
          "sweeps/demo/experiments/e.1.json",
          "sweeps/demo/experiments/e1.json",
          "top.txt");

  @Test
  void readsAndListsExactlyWhatTheServerServes(@TempDir Path tmp) throws IOException {
    byte[] big = new byte[3 * 1024 * 1024 + 17];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) (i * 31 + (i >> 11));
    }
    Path bigFile = tmp.resolve("big.bin");
    Files.write(bigFile, big);
    try (EmbeddedS3 server = EmbeddedS3.startOnDisk(dataDir);
        S3Client s3 = S3Clients.create(server.endpoint(), server.region(), server.credentials())) {
      S3Clients.ensureBucket(s3, BUCKET);
      // Pages of two keys: the server's listing really follows pagination.
      S3BlobStore served = new S3BlobStore(s3, BUCKET, "", 2);
      for (String key : KEYS) {
        served.put(key, utf8("body of " + key));
      }
      served.putFile("stages/teacher/k/part-00000.jsonl.zst", bigFile);
      served.put("sweeps/gone.json", utf8("x"));
      served.delete("sweeps/gone.json");

      EmbeddedS3Directory direct = new EmbeddedS3Directory(dataDir, BUCKET);
      for (String prefix :
          List.of(
              "",
              "stages/",
              "stages/dedup",
              "stages/dedup/",
              "stages/dedup/k1",
              "stages/d/e/",
              "sweeps/demo/experiments/",
              "sweeps/gone",
              "sweeps",
              "nothing/",
              "stages/nothing/deeper/",
              "top")) {
        assertEquals(served.list(prefix), direct.list(prefix), "list(\"" + prefix + "\")");
      }
      assertEquals(KEYS.size() + 1, direct.list("").size(), "each object once: " + direct.list(""));

      for (String key : KEYS) {
        assertArrayEquals(served.get(key).orElseThrow(), direct.get(key).orElseThrow(), key);
        assertTrue(direct.exists(key), key);
      }
      try (InputStream in = direct.open("stages/teacher/k/part-00000.jsonl.zst")) {
        assertArrayEquals(big, in.readAllBytes(), "a large object streams whole");
      }
      for (String absent : List.of("sweeps/gone.json", "stages/dedup", "stages/", "nope")) {
        assertEquals(served.get(absent), direct.get(absent), absent);
        assertFalse(direct.exists(absent), absent);
      }
      assertEquals(Optional.empty(), direct.get(""), "no key, no object");
      FileNotFoundException e =
          assertThrows(FileNotFoundException.class, () -> direct.open("stages/dedup/k3/x"));
      assertTrue(e.getMessage().contains("s3://distillery/stages/dedup/k3/x"), e.getMessage());
      assertThrows(FileNotFoundException.class, () -> direct.open("stages/dedup"));
      assertEquals(served.uri("sweeps/demo/plan.json"), direct.uri("sweeps/demo/plan.json"));
      assertEquals(Optional.empty(), direct.get("../" + BUCKET + "-elsewhere/x"));
    }
  }

  /**
   * An upload in progress leaves the server's bookkeeping beside the objects (multipart parts, the
   * temporary file a write renames into place); neither is an object.
   */
  @Test
  void bookkeepingOfWritesInProgressIsNotListed() throws IOException {
    try (EmbeddedS3 server = EmbeddedS3.startOnDisk(dataDir);
        S3Client s3 = S3Clients.create(server.endpoint(), server.region(), server.credentials())) {
      S3Clients.ensureBucket(s3, BUCKET);
      S3BlobStore served = new S3BlobStore(s3, BUCKET, "");
      served.put("stages/a/k/manifest.json", utf8("m"));
      String upload =
          s3.createMultipartUpload(b -> b.bucket(BUCKET).key("stages/a/k/big.bin")).uploadId();
      var part =
          s3.uploadPart(
              b -> b.bucket(BUCKET).key("stages/a/k/big.bin").uploadId(upload).partNumber(1),
              RequestBody.fromBytes(utf8("part one")));
      Path temporary =
          dataDir.resolve(BUCKET).resolve("stages/a/k/part-00000.jsonl.zst-" + UUID.randomUUID());
      Files.write(temporary, utf8("half written"));

      EmbeddedS3Directory direct = new EmbeddedS3Directory(dataDir, BUCKET);
      assertEquals(List.of("stages/a/k/manifest.json"), direct.list(""));
      assertEquals(List.of("stages/a/k/manifest.json"), direct.list("stages/a/k/"));

      s3.completeMultipartUpload(
          b ->
              b.bucket(BUCKET)
                  .key("stages/a/k/big.bin")
                  .uploadId(upload)
                  .multipartUpload(m -> m.parts(p -> p.partNumber(1).eTag(part.eTag())).build()));
      Files.delete(temporary);
      assertEquals(served.list(""), direct.list(""));
      assertArrayEquals(utf8("part one"), direct.get("stages/a/k/big.bin").orElseThrow());
    }
  }

  @Test
  void aBucketNeverCreatedIsEmptyAndWritesAreRefused() throws IOException {
    EmbeddedS3Directory direct = new EmbeddedS3Directory(dataDir.resolve("s3"), BUCKET);
    assertEquals(List.of(), direct.list("sweeps/"));
    assertEquals(Optional.empty(), direct.get("sweeps/x/plan.json"));
    IOException e = assertThrows(IOException.class, () -> direct.put("k", utf8("x")));
    assertTrue(e.getMessage().contains("s3://distillery/k"), e.getMessage());
    assertThrows(IOException.class, () -> direct.putIfAbsent("k", utf8("x")));
    assertThrows(IOException.class, () -> direct.delete("k"));
    assertFalse(Files.exists(dataDir.resolve("s3")), "reading creates nothing");
  }
}
