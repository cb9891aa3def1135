package dev.distillery.llm.simulated;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The models the simulator's fine-tuning API produces. They are simulations, not models: a
 * fine-tuned model answers arithmetic (and multiple-choice arithmetic) questions as the simulated
 * teacher does, right with an accuracy that its training data decided, by the rule of {@link
 * #accuracy(long, long)}:
 *
 * <pre>
 *   accuracy = BASE + (CAP - BASE) * c * n / (n + HALF)
 * </pre>
 *
 * where {@code n} is the training file's rows and {@code c} the share of them whose assistant
 * answer is right, with {@link #BASE} 0.2, {@link #CAP} 0.95 and {@link #HALF} 200. More rows and
 * more right answers make a better model, with diminishing returns in size: 200 all-right rows give
 * 0.575, 2,000 give 0.88; all-wrong rows give {@link #BASE} whatever their number.
 *
 * <p>The model id carries the accuracy, so that a restarted simulator (or one in a later process)
 * serves a model an earlier one trained: {@code ft:{base}:{suffix}:sim-acc-{NNNN}:{hash}}, where
 * {@code NNNN} is the accuracy in parts per ten thousand and {@code hash} a hash of the job's
 * inputs, e.g. {@code ft:simulated-student:arm-a:sim-acc-5750:3f9c0a1b}.
 */
public final class SimulatedFineTunedModel {

  /** The accuracy of a model trained on nothing right. */
  public static final double BASE = 0.2;

  /** The accuracy a model approaches on ever more rows, all right. */
  public static final double CAP = 0.95;

  /** The rows at which a model gets half of the way from {@link #BASE} to its limit. */
  public static final double HALF = 200;

  private static final Pattern ID =
      Pattern.compile("ft:(.+):([^:]*):sim-acc-(\\d{4}):([0-9a-f]{8,})");

  private SimulatedFineTunedModel() {}

  /**
   * The accuracy of a model trained on {@code rows} rows of which {@code rightRows} have a right
   * answer: {@code BASE + (CAP - BASE) * c * n / (n + HALF)} with {@code c = rightRows / rows};
   * {@link #BASE} for no rows.
   */
  public static double accuracy(long rows, long rightRows) {
    if (rows < 0 || rightRows < 0 || rightRows > rows) {
      throw new IllegalArgumentException(
          "need 0 <= rightRows <= rows, was " + rightRows + " of " + rows);
    }
    if (rows == 0) {
      return BASE;
    }
    double right = (double) rightRows / rows;
    return BASE + (CAP - BASE) * right * rows / (rows + HALF);
  }

  /**
   * The id of a model fine-tuned from {@code baseModel}, with {@code accuracy} rounded to parts per
   * ten thousand.
   *
   * @param suffix the job's suffix, or null
   * @param hash a hex hash of the job's inputs, 8 digits or more
   */
  static String id(String baseModel, String suffix, double accuracy, String hash) {
    String id =
        String.format(
            Locale.ROOT,
            "ft:%s:%s:sim-acc-%04d:%s",
            baseModel,
            suffix == null ? "" : suffix,
            Math.round(accuracy * 10_000),
            hash);
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException("not a simulated model id: " + id);
    }
    return id;
  }

  /** Whether {@code model} names a model the simulator's fine-tuning produced. */
  public static boolean handles(String model) {
    return ID.matcher(model).matches();
  }

  /** The accuracy a simulated fine-tuned model's id carries; empty for any other model. */
  public static Optional<Double> accuracyOf(String model) {
    Matcher matcher = ID.matcher(model);
    return matcher.matches()
        ? Optional.of(Integer.parseInt(matcher.group(3)) / 10_000.0)
        : Optional.empty();
  }
}
