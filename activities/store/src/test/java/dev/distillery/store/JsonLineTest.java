package dev.distillery.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.plan.StageRef;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonLineTest {
  private static final String[] FIELDS = {"id", "question", "answer", "missing"};

  /** What {@code Rows.text} reads from the parsed tree, field by field. */
  private static String[] fromTree(String json) throws IOException {
    ObjectNode tree = (ObjectNode) StoreJson.MAPPER.readTree(json);
    String[] out = new String[FIELDS.length];
    for (int i = 0; i < FIELDS.length; i++) {
      out[i] =
          tree.get(FIELDS[i]) == null || tree.get(FIELDS[i]).isNull()
              ? ""
              : tree.get(FIELDS[i]).asText();
    }
    return out;
  }

  private static String[] fromLine(String json) throws IOException {
    return new JsonLine(json.getBytes(StandardCharsets.UTF_8)).texts(FIELDS);
  }

  @Test
  void textsReadWithoutTheTreeEqualWhatTheTreeReads() throws IOException {
    List<String> lines =
        List.of(
            "{\"id\":\"q1\",\"question\":\"What is 2+2?\"}",
            "{\"question\":\"Line one\\nline \\\"two\\\" \\\\ \\/ \\t\\u00e9\\ud83d\\ude00\","
                + "\"id\":\"q\\u00312\"}",
            "{\"id\":\"é-ü\",\"question\":\"Schätze ∑ 日本語 😀\"}",
            "{ \"id\" : 7 , \"question\" : \"spaced\" , \"answer\" : 1.50 }",
            "{\"id\":true,\"question\":null,\"answer\":{\"question\":\"nested\",\"a\":[1,\"]\"]}}",
            "{\"meta\":{\"id\":\"inner\"},\"id\":\"outer\",\"list\":[{\"x\":\"}\"}],\"answer\":[]}",
            "{\"id\":\"first\",\"id\":\"last wins\",\"question\":\"\"}",
            "{\"\\u0069d\":\"escaped key\",\"question\":\"q\"}",
            "{\"id\":-1.5e3,\"question\":false}",
            "{}");
    for (String line : lines) {
      assertArrayEquals(fromTree(line), fromLine(line), line);
    }
  }

  @Test
  void randomRowsReadTheSameWithoutTheTree() throws IOException {
    java.util.Random random = new java.util.Random(7);
    String alphabet = "ab Z\"\\/\n\t\r\u0001é日😀{}[],:";
    for (int n = 0; n < 2000; n++) {
      ObjectNode row = JsonNodeFactory.instance.objectNode();
      int fields = random.nextInt(6);
      for (int f = 0; f < fields; f++) {
        String name = random.nextInt(3) == 0 ? FIELDS[random.nextInt(FIELDS.length)] : "k" + f;
        switch (random.nextInt(6)) {
          case 0 -> row.put(name, random.nextInt(1000) - 500);
          case 1 -> row.putNull(name);
          case 2 -> row.putObject(name).put("question", randomText(random, alphabet));
          case 3 -> row.putArray(name).add(randomText(random, alphabet)).add(1.5);
          default -> row.put(name, randomText(random, alphabet));
        }
      }
      String json = StoreJson.MAPPER.writeValueAsString(row);
      assertArrayEquals(fromTree(json), fromLine(json), json);
    }
  }

  private static String randomText(java.util.Random random, String alphabet) {
    StringBuilder text = new StringBuilder();
    int length = random.nextInt(12);
    for (int i = 0; i < length; i++) {
      int at = random.nextInt(alphabet.length());
      // Keep surrogate pairs whole.
      if (Character.isLowSurrogate(alphabet.charAt(at))) {
        at--;
      }
      text.append(alphabet.charAt(at));
      if (Character.isHighSurrogate(alphabet.charAt(at))) {
        text.append(alphabet.charAt(at + 1));
      }
    }
    return text.toString();
  }

  @Test
  void aLineThatIsNoObjectIsAnError() {
    for (String bad : List.of("[1,2]", "\"text\"", "{\"id\":", "{\"id\" \"x\"}")) {
      assertThrows(IOException.class, () -> fromLine(bad), bad);
    }
  }

  @Test
  void theTreeIsParsedOnceAndALineOfATreeKeepsIt() throws IOException {
    ObjectNode row = JsonNodeFactory.instance.objectNode().put("id", "a").put("question", "Q?");
    JsonLine line = JsonLine.of(row);
    assertEquals(row, line.tree());
    assertEquals("Q?", line.text("question"));
    assertEquals(
        "{\"id\":\"a\",\"question\":\"Q?\"}", new String(line.bytes(), StandardCharsets.UTF_8));
  }

  @Test
  void readerSplitsLinesAcrossBufferBoundsAndKeptLinesAreCopiedByteForByte() throws IOException {
    FakeBlobStore blobs = new FakeBlobStore();
    ArtifactStore store = new ArtifactStore(blobs);
    StageRef ref = new StageRef("dedup", "ab".repeat(32));
    RunInfo run = new RunInfo("dedup", "wf", "run", "test", "test");
    List<ObjectNode> rows = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      // Lengths from 20 bytes to beyond the reader's 128 KiB buffer and the writer's 1 MiB block.
      String text = "x".repeat(i == 1500 ? 1_500_000 : (i * 37) % 900) + "\n" + i;
      rows.add(JsonNodeFactory.instance.objectNode().put("id", "r" + i).put("question", text));
    }
    Manifest input;
    try (StageWriter w =
        store.begin(
            ref, 1, JsonNodeFactory.instance.objectNode(), List.of(), run, Clock.systemUTC())) {
      for (ObjectNode row : rows) {
        w.write(row);
      }
      input = w.commit();
    }
    StageRef copyRef = new StageRef("dedup", "cd".repeat(32));
    Manifest copy;
    try (RowReader reader = store.open(input);
        StageWriter w =
            store.begin(
                copyRef,
                1,
                JsonNodeFactory.instance.objectNode(),
                List.of(),
                run,
                Clock.systemUTC())) {
      for (JsonLine line = reader.nextLine(); line != null; line = reader.nextLine()) {
        w.write(line);
      }
      copy = w.commit();
    }
    List<ObjectNode> read = new ArrayList<>();
    try (RowReader reader = store.open(copy)) {
      for (ObjectNode row : reader) {
        read.add(row);
      }
    }
    assertEquals(rows, read);
    assertEquals(List.of(), store.verify(copy));
  }

  @Test
  void newlineSearchFindsTheFirstNewlineFromEveryStart() {
    for (int length = 0; length < 40; length++) {
      for (int at = -1; at < length; at++) {
        // Bytes with the high bit set, and newlines at `at` and three bytes later.
        byte[] b = new byte[length];
        java.util.Arrays.fill(b, (byte) 0x8A);
        int second = at >= 0 && at + 3 < length ? at + 3 : -1;
        if (at >= 0) {
          b[at] = '\n';
        }
        if (second >= 0) {
          b[second] = '\n';
        }
        for (int from = 0; from <= length; from++) {
          int expected = at >= from ? at : second >= from ? second : -1;
          assertEquals(
              expected,
              RowReader.indexOfNewline(b, from, length),
              "length " + length + ", newline at " + at + ", from " + from);
        }
      }
    }
  }
}
