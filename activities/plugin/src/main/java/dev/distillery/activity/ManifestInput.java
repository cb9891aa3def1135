package dev.distillery.activity;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.stages.core.Input;
import dev.distillery.store.ArtifactStore;
import dev.distillery.store.JsonLine;
import dev.distillery.store.Manifest;
import dev.distillery.store.RowReader;

/** An {@link Input} that streams a finished artifact's rows, or a range of them, from the store. */
final class ManifestInput implements Input {
  private final ArtifactStore store;
  private final Manifest manifest;
  private final long from;
  private final long to;

  ManifestInput(ArtifactStore store, Manifest manifest) {
    this(store, manifest, 0, Long.MAX_VALUE);
  }

  /** Rows {@code [from, to)} of the artifact. */
  ManifestInput(ArtifactStore store, Manifest manifest, long from, long to) {
    this.store = store;
    this.manifest = manifest;
    this.from = from;
    this.to = to;
  }

  @Override
  public String address() {
    return manifest.key();
  }

  @Override
  public String kind() {
    return manifest.kind();
  }

  @Override
  public void forEach(RowAction action) throws Exception {
    try (RowReader reader = store.open(manifest, from)) {
      ObjectNode row;
      for (long i = from; i < to && (row = reader.next()) != null; i++) {
        action.accept(row);
      }
    }
  }

  @Override
  public void forEachLine(LineAction action) throws Exception {
    try (RowReader reader = store.open(manifest, from)) {
      JsonLine line;
      for (long i = from; i < to && (line = reader.nextLine()) != null; i++) {
        action.accept(line);
      }
    }
  }
}
