package dev.distillery.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.plan.ParamResolver;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * Adds {@code content_sha256} to {@code source} stages that read a local file, so the content
 * address follows the file's bytes, not just its path. Each file is hashed once per plan. Remote
 * sources ({@code s3://}) and missing files are left as written; the stage reports a missing file
 * when it runs.
 */
final class SourceFingerprints implements ParamResolver {
  private final Map<Path, String> hashes = new HashMap<>();

  @Override
  public ObjectNode resolve(String kind, ObjectNode params) {
    if (!kind.equals("source") || !params.hasNonNull("path")) {
      return params;
    }
    String path = params.get("path").asText();
    if (path.contains("://")) {
      return params;
    }
    Path file = Path.of(path).toAbsolutePath().normalize();
    if (!Files.isRegularFile(file)) {
      return params;
    }
    ObjectNode resolved = params.deepCopy();
    resolved.put("content_sha256", hashes.computeIfAbsent(file, SourceFingerprints::sha256));
    return resolved;
  }

  static String sha256(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
