package dev.distillery.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.plan.ParamResolver;
import dev.distillery.recipe.LocalFiles;
import dev.distillery.recipe.StageKinds;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Makes content addresses follow the bytes of the local files a stage reads, not just their paths:
 * adds {@code content_sha256} to a {@code source} stage reading a local file, and {@code
 * files_sha256} (path to sha256) to a {@code decontaminate} stage's {@code benchmarks} (and its
 * {@code tokenizer}, when {@code ngram_unit} is {@code tokenizer}), a {@code score-questions} or
 * {@code filter-answers} stage's {@code positives} and {@code negatives}, and an {@code eval}
 * stage's {@code benchmarks}. Each file is hashed once per plan. Remote files ({@code s3://},
 * {@code https://}, {@code hf://}) and missing files are left as written; the stage reports a
 * missing file when it runs. As {@link LocalFiles}, it tells {@code validate} and {@code plan}
 * which local files are missing, resolved as the stages resolve them.
 */
final class FileFingerprints implements ParamResolver, LocalFiles {
  private final Map<Path, String> hashes = new HashMap<>();
  private final Path baseDir;

  /** Fingerprints with relative paths resolved against the working directory (tests). */
  FileFingerprints() {
    this(null);
  }

  /**
   * @param baseDir the folder relative local paths resolve against: the folder of the sweep or
   *     recipe file. Stages that read files get it as {@code base_dir} (a tuning param, so it moves
   *     no content address), and resolve their relative paths there wherever the worker runs.
   */
  FileFingerprints(Path baseDir) {
    this.baseDir = baseDir == null ? null : baseDir.toAbsolutePath().normalize();
  }

  @Override
  public ObjectNode resolve(String kind, ObjectNode given) {
    ObjectNode params = given;
    if (baseDir != null
        && !StageKinds.fileParams(kind).isEmpty()
        && !given.hasNonNull("base_dir")) {
      params = given.deepCopy();
      params.put("base_dir", baseDir.toString());
    }
    if (kind.equals("source")) {
      Path file = params.hasNonNull("path") ? localFile(params.get("path").asText()) : null;
      if (file == null) {
        return params;
      }
      ObjectNode resolved = params.deepCopy();
      resolved.put("content_sha256", hash(file));
      return resolved;
    }
    Map<String, String> hashes = new TreeMap<>();
    for (String list : StageKinds.fileParams(kind)) {
      if (list.equals("tokenizer")) {
        continue; // Below: read only with ngram_unit tokenizer.
      }
      // A list of paths, or (eval's benchmarks) a mapping of names to paths.
      for (JsonNode path : params.path(list)) {
        Path file = localFile(path.asText());
        if (file != null) {
          hashes.put(path.asText(), hash(file));
        }
      }
    }
    if (kind.equals("decontaminate")
        && params.path("ngram_unit").asText().equals("tokenizer")
        && params.hasNonNull("tokenizer")) {
      String path = params.get("tokenizer").asText();
      Path file = localFile(path);
      if (file != null) {
        hashes.put(path, hash(file));
      }
    }
    if (hashes.isEmpty()) {
      return params;
    }
    ObjectNode resolved = params.deepCopy();
    ObjectNode files = resolved.putObject("files_sha256");
    hashes.forEach(files::put);
    return resolved;
  }

  @Override
  public Optional<String> missing(String path) {
    try {
      Path file = resolved(path);
      return Files.isRegularFile(file) ? Optional.empty() : Optional.of(file.toString());
    } catch (InvalidPathException e) {
      return Optional.of(path);
    }
  }

  private Path localFile(String path) {
    if (path.contains("://")) {
      return null;
    }
    Path file = resolved(path);
    return Files.isRegularFile(file) ? file : null;
  }

  private Path resolved(String path) {
    return (baseDir == null ? Path.of(path).toAbsolutePath() : baseDir.resolve(path)).normalize();
  }

  private String hash(Path file) {
    return hashes.computeIfAbsent(file, FileFingerprints::sha256);
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
