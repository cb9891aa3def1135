package dev.distillery.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;

/**
 * Leaves out test classes wherever they come from: {@code target/test-classes} (as {@link
 * ImportOption.DoNotIncludeTests} does) and the test jars of the modules below, whose fakes and
 * fixtures this module's tests use and which {@code verify} puts on the class path as jars.
 */
public final class DoNotIncludeTestJars implements ImportOption {
  private final ImportOption testClasses = new ImportOption.DoNotIncludeTests();

  @Override
  public boolean includes(Location location) {
    return testClasses.includes(location) && !location.contains("-tests.jar");
  }
}
