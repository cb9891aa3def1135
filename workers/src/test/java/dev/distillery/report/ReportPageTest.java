package dev.distillery.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The report page built from data, without a browser: escaping, plots, axes, missing scores. */
class ReportPageTest {
  private static final String INJECTION = "</details><script>alert(1)</script>";

  @Test
  void rowTextCannotInjectMarkup() {
    SampleRow row =
        SampleRow.of(
            "q " + INJECTION,
            "<think>\nthink " + INJECTION + "\n</think>\n\n<img src=x onerror=y>");
    ReportData data =
        data(
            List.of("stages.teacher.model"),
            List.of(
                row("a\"><script>x</script>", Map.of("stages.teacher.model", "m'" + INJECTION))),
            List.of(
                new ExperimentSamples("a\"><script>x</script>", "export/k", List.of(row), null)));

    String html = ReportPage.html(data);

    assertFalse(html.toLowerCase(Locale.ROOT).contains("<script"), html);
    assertFalse(html.contains("<img"), html);
    assertTrue(html.contains("think &lt;/details&gt;&lt;script&gt;alert(1)&lt;/script&gt;"), html);
    assertEquals(count(html, "<details"), count(html, "</details>"), "the folds stay closed");
    assertEquals(1, count(html, "<details class=\"reasoning\">"));
    assertTrue(html.contains("data-experiment=\"a&quot;&gt;&lt;script&gt;"), html);
    String md = ReportMarkdown.of(data);
    assertFalse(md.contains("<script"), md);
    assertTrue(md.contains("m'&lt;/details&gt;&lt;script&gt;"), md);
  }

  @Test
  void aScoreWithoutStdErrIsAPointWithoutErrorBar() {
    ReportData data =
        data(
            List.of("stages.teacher.n"),
            List.of(
                row("n-1", Map.of("stages.teacher.n", "1"), new Score(0.5, null)),
                row("n-2", Map.of("stages.teacher.n", "2"), new Score(0.7, 0.05))),
            List.of());

    List<String> plots = plots(ReportPage.html(data));

    assertEquals(2, plots.size(), "by experiment and by stages.teacher.n: " + plots);
    for (String plot : plots) {
      assertEquals(List.of("n-1", "n-2"), points(plot));
      assertEquals(3, count(plot, "class=\"error-bar\""), "one bar and two caps, for n-2: " + plot);
    }
    assertTrue(ReportPage.html(data).contains("<td class=\"num\">0.500</td>"));
    assertTrue(ReportPage.html(data).contains("<td class=\"num\">0.700 ± 0.050</td>"));
  }

  @Test
  void numericAxesAreThoseWhereEveryExperimentHasANumber() {
    List<String> axes =
        List.of("n", "keep", "model", "lr", "missing", "float-suffix", "nan", "mixed");
    ReportData data =
        data(
            axes,
            List.of(
                row(
                    "a",
                    Map.of(
                        "n",
                        "1",
                        "keep",
                        "0.25",
                        "model",
                        "qwen",
                        "lr",
                        "1e-5",
                        "missing",
                        "3",
                        "float-suffix",
                        "1f",
                        "nan",
                        "NaN",
                        "mixed",
                        "4")),
                row(
                    "b",
                    Map.of(
                        "n",
                        "16",
                        "keep",
                        ".5",
                        "model",
                        "llama",
                        "lr",
                        "2E-3",
                        "float-suffix",
                        "2",
                        "nan",
                        "1",
                        "mixed",
                        "x"))),
            List.of());

    assertEquals(List.of("n", "keep", "lr"), data.numericAxes());
  }

  @Test
  void withoutScoresThePageSaysSoAndKeepsTableAndPlots() {
    ReportData data =
        data(
            List.of("stages.teacher.n"),
            List.of(
                row("n-1", Map.of("stages.teacher.n", "1")),
                row("n-2", Map.of("stages.teacher.n", "2"))),
            List.of());

    String html = ReportPage.html(data);

    assertTrue(html.contains("id=\"no-scores\""), html);
    assertEquals(2, count(html, "<tr class=\"experiment\""));
    List<String> plots = plots(html);
    assertEquals(2, plots.size(), "one by experiment, one by the numeric axis: " + html);
    for (String plot : plots) {
      assertTrue(plot.contains("no scores yet"), plot);
      assertEquals(List.of(), points(plot));
    }
    assertTrue(ReportMarkdown.of(data).contains("No eval scores yet"));
  }

  @Test
  void theAssistantTextIsSplitAtItsThinkBlock() {
    SampleRow split = SampleRow.of("q", "<think>\nstep 1\nstep 2\n</think>\n\n\\boxed{4}");
    assertEquals("step 1\nstep 2", split.reasoning());
    assertEquals("\\boxed{4}", split.answer());
    SampleRow plain = SampleRow.of("q", "just 4");
    assertNull(plain.reasoning());
    assertEquals("just 4", plain.answer());
    assertEquals("", SampleRow.of("q", "<think>\n\n</think>\n\n4").reasoning());
  }

  private static ReportRow row(String name, Map<String, String> axes, Score... scores) {
    Map<String, Score> byBenchmark = new java.util.LinkedHashMap<>();
    for (Score s : scores) {
      byBenchmark.put("eval.arith", s);
    }
    return new ReportRow(
        name, "SUCCEEDED", axes, byBenchmark, 8L, 130L, 1000L, new BigDecimal("0.01"), null);
  }

  private static ReportData data(
      List<String> axes, List<ReportRow> rows, List<ExperimentSamples> samples) {
    boolean scored = rows.stream().anyMatch(r -> !r.scores().isEmpty());
    return new ReportData(
        "s",
        "SUCCEEDED",
        "store",
        "2026-01-01T00:00:00Z",
        axes,
        scored ? List.of("eval.arith") : List.of(),
        rows,
        2000L,
        20_000L,
        List.of(),
        samples);
  }

  private static List<String> plots(String html) {
    List<String> plots = new ArrayList<>();
    Matcher m = Pattern.compile("<svg class=\"plot\".*?</svg>", Pattern.DOTALL).matcher(html);
    while (m.find()) {
      plots.add(m.group());
    }
    return plots;
  }

  private static List<String> points(String svg) {
    List<String> names = new ArrayList<>();
    Matcher m =
        Pattern.compile("<circle class=\"point\" data-experiment=\"([^\"]*)\"").matcher(svg);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
      n++;
    }
    return n;
  }
}
