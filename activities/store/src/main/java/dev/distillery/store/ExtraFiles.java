package dev.distillery.store;

import dev.distillery.plan.StageRef;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One attempt's named files beside a stage's rows, uploaded as {@code extra-<writeId>/<name>} in
 * the stage folder, so concurrent attempts never overwrite each other's; the manifest lists them
 * under that name ({@link Manifest#extraFiles()}).
 */
public final class ExtraFiles implements FileSink {
  private final BlobStore blobs;
  private final StageRef ref;
  private final String writeId;
  private final Map<String, OutputFile> written = new TreeMap<>();
  private final List<String> uploadedKeys = new ArrayList<>();

  ExtraFiles(BlobStore blobs, StageRef ref, String writeId) {
    this.blobs = blobs;
    this.ref = ref;
    this.writeId = writeId;
  }

  @Override
  public synchronized void writeFile(String name, byte[] content) throws IOException {
    String relative = extraName(name);
    String key = upload(relative);
    blobs.put(key, content);
    String sha = HexFormat.of().formatHex(RowReader.sha256().digest(content));
    written.put(name, new OutputFile(relative, sha, content.length, 0));
  }

  /**
   * Uploads a local file without reading it into memory: its sha256 and size come from one
   * streaming pass over the file, then the file is uploaded from disk.
   */
  @Override
  public synchronized void writeFile(String name, Path file) throws IOException {
    String relative = extraName(name);
    MessageDigest digest = RowReader.sha256();
    long size;
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
      size = in.transferTo(OutputStream.nullOutputStream());
    }
    blobs.putFile(upload(relative), file);
    written.put(name, new OutputFile(relative, HexFormat.of().formatHex(digest.digest()), size, 0));
  }

  /** The files written so far, by name. */
  public synchronized List<OutputFile> files() {
    return List.copyOf(written.values());
  }

  /** Deletes what this attempt uploaded, best effort: an orphan no manifest names is harmless. */
  public synchronized void deleteUploaded() {
    for (String key : uploadedKeys) {
      try {
        blobs.delete(key);
      } catch (IOException ignored) {
        // Best effort.
      }
    }
    uploadedKeys.clear();
  }

  private String upload(String relative) {
    String key = ref.folder() + "/" + relative;
    if (!uploadedKeys.contains(key)) {
      uploadedKeys.add(key);
    }
    return key;
  }

  private String extraName(String name) {
    if (name.isBlank() || name.contains("/")) {
      throw new IllegalArgumentException("extra file name must be a plain file name: " + name);
    }
    return "extra-" + writeId + "/" + name;
  }
}
