package dev.distillery.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContentAddressTest {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private static ObjectNode filterParams() {
    ObjectNode p = F.objectNode();
    p.put("min_chars", 0);
    p.set("max_chars", F.numberNode(1.0e3));
    p.set("keep", F.numberNode(new BigDecimal("0.50")));
    p.putNull("seed");
    return p;
  }

  @Test
  void pinnedKeyForAFixedInput() {
    String doc = ContentAddress.keyDocument("filter-questions", 1, filterParams(), List.of("abc"));
    assertEquals(
        "{\"inputKeys\":[\"abc\"],\"kind\":\"filter-questions\",\"kindVersion\":1,"
            + "\"params\":{\"keep\":0.5,\"max_chars\":1000,\"min_chars\":0}}",
        doc);
    // printf '%s' '<doc>' | sha256sum
    assertEquals(
        "ab5263bbb077b8734f25ec80dc9797f775712349b5f0b9db63a6db44c698da8c",
        ContentAddress.key("filter-questions", 1, filterParams(), List.of("abc")));
  }

  @Test
  void sameInputsGiveTheSameKey() {
    assertEquals(
        ContentAddress.key("filter-questions", 1, filterParams(), List.of("abc")),
        ContentAddress.key("filter-questions", 1, filterParams(), List.of("abc")));
  }

  @Test
  void keyOrderAndNumberSpellingDoNotMatter() {
    ObjectNode reordered = F.objectNode();
    reordered.set("keep", F.numberNode(0.5));
    reordered.set("max_chars", F.numberNode(new BigDecimal("1E+3")));
    reordered.set("min_chars", F.numberNode(new BigDecimal("0.000")));
    assertEquals(
        ContentAddress.key("filter-questions", 1, filterParams(), List.of("abc")),
        ContentAddress.key("filter-questions", 1, reordered, List.of("abc")));
    assertEquals(
        ContentAddress.canonicalJson(F.objectNode().put("n", 1)),
        ContentAddress.canonicalJson(F.objectNode().put("n", 1.0)));
  }

  @Test
  void tuningParamsDoNotMatterButOutputParamsDo() {
    ObjectNode base = F.objectNode().put("model", "m").put("n", 1).put("concurrency", 8);
    ObjectNode tuned = base.deepCopy().put("concurrency", 64).put("timeout_seconds", 5);
    ObjectNode changed = base.deepCopy().put("n", 2);
    String key = ContentAddress.key("teacher", 1, base, List.of("in"));
    assertEquals(key, ContentAddress.key("teacher", 1, tuned, List.of("in")));
    assertNotEquals(key, ContentAddress.key("teacher", 1, changed, List.of("in")));
  }

  @Test
  void kindVersionAndInputsChangeTheKey() {
    String key =
        ContentAddress.key("dedup", 1, F.objectNode().put("method", "exact"), List.of("a"));
    assertNotEquals(
        key, ContentAddress.key("export", 1, F.objectNode().put("method", "exact"), List.of("a")));
    assertNotEquals(
        key, ContentAddress.key("dedup", 2, F.objectNode().put("method", "exact"), List.of("a")));
    assertNotEquals(
        key, ContentAddress.key("dedup", 1, F.objectNode().put("method", "exact"), List.of("b")));
    assertNotEquals(
        key,
        ContentAddress.key("dedup", 1, F.objectNode().put("method", "exact"), List.of("a", "a")));
    assertNotEquals(
        key, ContentAddress.key("dedup", 1, F.objectNode().put("method", "none"), List.of("a")));
  }

  @Test
  void canonicalJsonSortsNestedKeysEscapesStringsAndNeverUsesExponents() {
    ObjectNode node = F.objectNode();
    node.put("b", "say \"hi\"\n");
    node.putObject("a").put("z", 1).put("y", new BigDecimal("1E-7"));
    node.putArray("c").add(true).addNull().add(new BigDecimal("2.50"));
    assertEquals(
        "{\"a\":{\"y\":0.0000001,\"z\":1},\"b\":\"say \\\"hi\\\"\\n\",\"c\":[true,null,2.5]}",
        ContentAddress.canonicalJson(node));
  }

  @Test
  void nonFiniteNumbersAreRejected() {
    assertThrows(
        IllegalArgumentException.class,
        () -> ContentAddress.canonicalJson(F.numberNode(Double.NaN)));
  }
}
