package dev.distillery.activity;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.stages.Input;
import dev.distillery.store.ArtifactStore;
import dev.distillery.store.Manifest;
import dev.distillery.store.RowReader;

/** An {@link Input} that streams a finished artifact's rows from the store. */
final class ManifestInput implements Input {
  private final ArtifactStore store;
  private final Manifest manifest;

  ManifestInput(ArtifactStore store, Manifest manifest) {
    this.store = store;
    this.manifest = manifest;
  }

  @Override
  public String kind() {
    return manifest.kind();
  }

  @Override
  public void forEach(RowAction action) throws Exception {
    try (RowReader reader = store.open(manifest)) {
      for (ObjectNode row : reader) {
        action.accept(row);
      }
    }
  }
}
