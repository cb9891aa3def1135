package dev.distillery.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.report.ReportKeys;
import dev.distillery.worker.Stack;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep of four experiments (teacher {@code n} by eval {@code seed}, each with an export and an
 * eval stage against the simulator) runs end to end; {@code distill report} writes its page, and
 * headless Chromium opens it from a file URL: the DOM it built has a table row per experiment and
 * every plot a point per experiment, and its screenshot shows the points. Without Chromium the
 * browser part is skipped, saying so.
 */
class ReportChromiumTest {
  private static final List<String> EXPERIMENTS =
      List.of("n-1_seed-0", "n-1_seed-100", "n-2_seed-0", "n-2_seed-100");

  @TempDir Path home;

  @Test
  void theReportOfASweepRendersInHeadlessChromium() throws Exception {
    ArithmeticBenchmark.write(home.resolve("arith.jsonl"), 20, 11, 40);
    Files.writeString(
        home.resolve("sweep.yaml"),
        """
        sweep: reported
        recipe:
          recipe: report-demo
          stages:
            - id: source
              kind: synthetic-arithmetic
              params: {count: 8, seed: 3}
            - id: teacher
              kind: teacher
              params: {base_url: "simulated://teacher", model: simulated-teacher, max_tokens: 2048}
            - id: export
              kind: export
        %s
        grid:
          stages.teacher.n: [1, 2]
          stages.eval.seed: [0, 100]
        budget:
          simulated://teacher: {tokens: 100000000}
        """
            .formatted(
                TestRecipes.evalStage("simulated://eval", home.resolve("arith.jsonl"), 4, "")
                    .indent(4)));
    CliHarness cli = new CliHarness(home);
    assertEquals(
        ExitCodes.OK, cli.run("run", home.resolve("sweep.yaml").toString()), cli.out + cli.err);

    Path page = home.resolve("out/reported.html");
    Files.createDirectories(page.getParent());
    assertEquals(ExitCodes.OK, cli.run("report", "reported", "--out", page.toString()), cli.err);
    for (String written : List.of("reported.html", "reported.md", "reported.csv")) {
      assertTrue(Files.isRegularFile(page.resolveSibling(written)), written);
      assertTrue(cli.out.contains(page.resolveSibling(written).toString()), cli.out);
    }
    assertTrue(cli.out.contains(ReportKeys.html("reported")), cli.out);
    try (Stack stack = Stack.open(cli.distill().config(), Stack.Mode.STORE_ONLY, 0, 0)) {
      assertArrayEquals(
          Files.readAllBytes(page),
          stack.blobs().get(ReportKeys.html("reported")).orElseThrow(),
          "the page is stored beside the sweep");
    }
    String csv = Files.readString(page.resolveSibling("reported.csv"));
    assertEquals(ExitCodes.OK, cli.run("results", "reported", "--format", "csv"), cli.err);
    assertEquals(cli.out, csv, "the CSV is what `distill results` writes");

    Path chromium = onPath("chromium");
    Assumptions.assumeTrue(
        chromium != null,
        "SKIPPED the browser part: no `chromium` on PATH, so the report cannot be opened in a"
            + " browser here; install it (apt-get install -y chromium, as .ci/run does).");

    String dom = chromium(chromium, "--dump-dom", page);
    Path png = home.resolve("shot.png");
    chromium(chromium, "--screenshot=" + png, page);

    assertEquals(EXPERIMENTS, attributes(dom, "<tr class=\"experiment\" data-experiment=\""));
    Matcher plot = Pattern.compile("<svg class=\"plot\".*?</svg>", Pattern.DOTALL).matcher(dom);
    int plots = 0;
    while (plot.find()) {
      assertEquals(
          EXPERIMENTS,
          attributes(plot.group(), "<circle class=\"point\" data-experiment=\"").stream()
              .sorted()
              .toList(),
          "one point per experiment in " + plot.group());
      plots++;
    }
    assertEquals(3, plots, "eval.arith by experiment, by teacher.n and by eval.seed");
    assertTrue(dom.contains("eval.arith by stages.teacher.n"), "numeric axis plot");
    assertTrue(dom.contains("<details class=\"reasoning\">"), "sample rows with reasoning folded");

    BufferedImage shot = ImageIO.read(png.toFile());
    assertEquals(1280, shot.getWidth());
    long blue = 0;
    for (int y = 0; y < shot.getHeight(); y++) {
      for (int x = 0; x < shot.getWidth(); x++) {
        int rgb = shot.getRGB(x, y);
        if (near((rgb >> 16) & 0xff, 0x1f)
            && near((rgb >> 8) & 0xff, 0x77)
            && near(rgb & 0xff, 0xb4)) {
          blue++;
        }
      }
    }
    // A point of radius 5 covers about 78 pixels; 12 points, allowing for overlaps.
    assertTrue(blue >= 4 * 60, "plotted points in the screenshot: " + blue + " pixels");
  }

  private static boolean near(int channel, int expected) {
    return Math.abs(channel - expected) <= 16;
  }

  /** The values of the attribute that ends each occurrence of {@code prefix}, in order. */
  private static List<String> attributes(String html, String prefix) {
    List<String> values = new ArrayList<>();
    for (int at = html.indexOf(prefix); at >= 0; at = html.indexOf(prefix, at + 1)) {
      int from = at + prefix.length();
      values.add(html.substring(from, html.indexOf('"', from)));
    }
    return values;
  }

  /** Runs headless Chromium on the page's file URL and returns what it printed on stdout. */
  private String chromium(Path chromium, String action, Path page) throws Exception {
    Path profile = Files.createTempDirectory(home, "chromium-profile");
    Path stdout = home.resolve("chromium-stdout.txt");
    Process p =
        new ProcessBuilder(
                chromium.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--user-data-dir=" + profile,
                "--window-size=1280,4000",
                action,
                page.toUri().toString())
            .redirectOutput(stdout.toFile())
            .redirectError(home.resolve("chromium-stderr.txt").toFile())
            .start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("chromium did not finish in 120 s");
    }
    assertEquals(
        0, p.exitValue(), () -> "chromium failed: " + read(home.resolve("chromium-stderr.txt")));
    return read(stdout);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }

  private static Path onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, program);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }
}
