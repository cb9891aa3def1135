package dev.distillery.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The BOM ({@code infra/bom}) manages every artifact a team may depend on: each module of the build
 * that ships a jar, walked from the root pom through nested modules, except the examples. A module
 * added without its BOM entry would make a team's worker name a version again.
 */
class BomTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @Test
  void theBomManagesEveryShippedModule() throws Exception {
    Set<String> shipped = new TreeSet<>();
    collect(ROOT, shipped);
    assertTrue(shipped.contains("distillery-stages"), "the walk found " + shipped);
    assertTrue(shipped.contains("distillery-workers"), "the walk found " + shipped);

    Set<String> managed = new TreeSet<>();
    Element bom = parse(ROOT.resolve("infra/bom/pom.xml"));
    Element management = child(bom, "dependencyManagement");
    for (Element dependency : children(child(management, "dependencies"), "dependency")) {
      assertEquals("dev.distillery", text(dependency, "groupId"));
      assertEquals("${project.version}", text(dependency, "version"));
      managed.add(text(dependency, "artifactId"));
    }
    assertEquals(shipped, managed);
  }

  /** Adds the jar modules at and below {@code dir}, skipping examples and the BOM itself. */
  private static void collect(Path dir, Set<String> shipped) throws Exception {
    Element project = parse(dir.resolve("pom.xml"));
    String packaging = text(project, "packaging");
    String artifactId = text(project, "artifactId");
    if (packaging == null || packaging.equals("jar")) {
      shipped.add(artifactId);
    }
    Element modules = child(project, "modules");
    if (modules == null) {
      return;
    }
    for (Element module : children(modules, "module")) {
      String path = module.getTextContent().trim();
      if (!path.startsWith("examples") && !path.equals("infra/bom")) {
        collect(dir.resolve(path), shipped);
      }
    }
  }

  private static Element parse(Path pom) throws Exception {
    assertTrue(Files.isRegularFile(pom), pom + " is missing");
    Document document =
        DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
    return document.getDocumentElement();
  }

  private static Element child(Element parent, String name) {
    List<Element> found = children(parent, name);
    return found.isEmpty() ? null : found.get(0);
  }

  private static List<Element> children(Element parent, String name) {
    List<Element> found = new ArrayList<>();
    for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
      if (node instanceof Element element && element.getTagName().equals(name)) {
        found.add(element);
      }
    }
    return found;
  }

  private static String text(Element parent, String name) {
    Element element = child(parent, name);
    return element == null ? null : element.getTextContent().trim();
  }
}
