package dev.distillery.recipe;

/**
 * The stage kinds on the class path do not make one catalogue: two share a name, or one has a spec
 * but no implementation. A setup error (a jar too many or too few), reported where the catalogue or
 * a worker's registry is built, not a bug to retry.
 */
public class KindCatalogueException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public KindCatalogueException(String message) {
    super(message);
  }
}
