package dev.distillery.text;

import java.nio.file.*;
import java.util.*;
import org.junit.jupiter.api.Test;

class ScratchCalibration {
  @Test
  void run() throws Exception {
    List<String> prose = Files.readAllLines(Path.of("/tmp/sentences.txt"));
    VariedQuestions v = new VariedQuestions(1);
    MathQuestions m = new MathQuestions(2);
    List<String> vs = new ArrayList<>(), ms = new ArrayList<>(), ps = new ArrayList<>();
    SplittableRandom r = new SplittableRandom(3);
    for (int i = 0; i < 3000; i++) {
      vs.add(Texts.normalize(v.next()));
      ms.add(Texts.normalize(m.next()));
      ps.add(Texts.normalize(prose.get(r.nextInt(prose.size()))));
    }
    System.out.println("CAL sample varied: " + vs.get(0) + " || " + vs.get(1));
    for (var e : Map.of("varied", vs, "math", ms, "prose", ps).entrySet()) {
      List<String> t = e.getValue();
      double[] j = new double[20000];
      for (int k = 0; k < j.length; k++)
        j[k] = jac(t.get(r.nextInt(t.size())), t.get(r.nextInt(t.size())));
      Arrays.sort(j);
      // nearest neighbour ratio among 2000 others for 200 queries
      int within = 0;
      double[] nn = new double[200];
      for (int q = 0; q < 200; q++) {
        IndelPattern p = new IndelPattern(t.get(q));
        double best = 0;
        for (int k = 200; k < 2200; k++) best = Math.max(best, p.ratio(t.get(k)));
        nn[q] = best;
        if (best >= 75) within++;
      }
      Arrays.sort(nn);
      double len = t.stream().mapToInt(String::length).average().orElse(0);
      System.out.printf(
          "CAL %s len %.0f J p50 %.3f p90 %.3f p99 %.3f p99.9 %.3f; nn ratio p50 %.1f p90 %.1f; within75 %d/200%n",
          e.getKey(), len, j[10000], j[18000], j[19800], j[19980], nn[100], nn[180], within);
    }
  }

  static double jac(String a, String b) {
    Set<Long> x = new HashSet<>(), y = new HashSet<>();
    for (long s : MinHash.shingles(a)) x.add(s);
    for (long s : MinHash.shingles(b)) y.add(s);
    Set<Long> u = new HashSet<>(x);
    u.addAll(y);
    x.retainAll(y);
    return x.size() / (double) u.size();
  }
}
