package dev.distillery.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Set;

/**
 * Keeps the {@code workflows} module deterministic, checked on its bytecode: its code plans and
 * orchestrates (workflow implementations and the recipe and plan code they call); files, networks,
 * clocks, randomness, threads and the process environment belong to activities and workers.
 * Workflow code reaches time, sleep and randomness only through {@code
 * io.temporal.workflow.Workflow}. {@code java.net.URI} is allowed: parsing a URL is a pure function
 * (validation checks endpoint URLs), unlike {@code URL}, whose {@code equals} resolves host names.
 */
@AnalyzeClasses(packages = "dev.distillery", importOptions = ImportOption.DoNotIncludeTests.class)
class WorkflowPurityTest {
  private static final Set<String> ALLOWED_NET =
      Set.of("java.net.URI", "java.net.URISyntaxException");

  private static final Set<String> FORBIDDEN_TYPES =
      Set.of(
          "java.io.RandomAccessFile",
          "java.io.Console",
          "java.util.Random",
          "java.util.SplittableRandom",
          "java.security.SecureRandom",
          "java.time.Clock",
          "java.time.Instant",
          "java.time.InstantSource",
          "java.time.LocalDate",
          "java.time.LocalDateTime",
          "java.lang.Thread",
          "java.lang.ThreadGroup",
          "java.lang.ThreadLocal",
          "java.lang.InheritableThreadLocal",
          "java.lang.Runtime",
          "java.lang.Process",
          "java.lang.ProcessBuilder",
          "java.util.Timer");

  /** Calls that read the clock, randomness or the process environment, as owner#method. */
  private static final Set<String> FORBIDDEN_CALLS =
      Set.of(
          "java.lang.System#currentTimeMillis",
          "java.lang.System#nanoTime",
          "java.lang.System#getenv",
          "java.lang.System#getProperty",
          "java.lang.System#getProperties",
          "java.lang.System#setProperty",
          "java.lang.System#exit",
          "java.lang.Math#random",
          "java.lang.StrictMath#random",
          "java.util.UUID#randomUUID");

  private static final DescribedPredicate<JavaClass> NON_DETERMINISTIC_TYPE =
      DescribedPredicate.describe(
          "do I/O, read clocks or randomness, or start threads",
          type -> {
            String name = type.getName();
            String pkg = type.getPackageName();
            return FORBIDDEN_TYPES.contains(name)
                || (pkg.equals("java.io") && type.getSimpleName().startsWith("File"))
                || pkg.startsWith("java.nio.file")
                || pkg.startsWith("java.nio.channels")
                || (pkg.startsWith("java.net") && !ALLOWED_NET.contains(name))
                || (pkg.startsWith("java.util.concurrent")
                    && !name.equals("java.util.concurrent.ConcurrentHashMap"))
                || pkg.startsWith("software.amazon");
          });

  private static final DescribedPredicate<JavaMethodCall> NON_DETERMINISTIC_CALL =
      DescribedPredicate.describe(
          "read the clock, randomness, system properties or the environment",
          call -> {
            String owner = call.getTargetOwner().getName();
            String method = call.getName();
            return FORBIDDEN_CALLS.contains(owner + "#" + method)
                || (owner.startsWith("java.time.") && method.equals("now"));
          });

  @ArchTest
  static final ArchRule noIoClocksRandomnessOrThreads =
      noClasses()
          .that()
          .resideInAPackage("dev.distillery..")
          .should()
          .dependOnClassesThat(NON_DETERMINISTIC_TYPE)
          .because("workflow code replays and must be deterministic; use Workflow APIs instead");

  @ArchTest
  static final ArchRule noClockRandomnessOrEnvironmentCalls =
      noClasses()
          .that()
          .resideInAPackage("dev.distillery..")
          .should()
          .callMethodWhere(NON_DETERMINISTIC_CALL)
          .because("use Workflow.currentTimeMillis, Workflow.newRandom or an activity instead");

  @ArchTest
  static final ArchRule noConsoleOutput =
      noClasses()
          .that()
          .resideInAPackage("dev.distillery..")
          .should()
          .accessField(System.class, "out")
          .orShould()
          .accessField(System.class, "err")
          .orShould()
          .accessField(System.class, "in")
          .because("workflow code logs through Workflow.getLogger, which is replay-aware");

  @ArchTest
  static final ArchRule workflowsHoldNoMutableStatics =
      fields()
          .that()
          .areDeclaredInClassesThat()
          .resideInAPackage("dev.distillery.workflow..")
          .and()
          .areStatic()
          .should()
          .beFinal()
          .because("a mutable static is shared by every workflow run on a worker");
}
