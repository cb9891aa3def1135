package dev.distillery.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.distillery.workflow.DistillSearchAttributes;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.AddSearchAttributesResponse;
import io.temporal.api.operatorservice.v1.OperatorServiceGrpc;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class SearchAttributeRegistrarTest {

  @Test
  void registersWhatIsMissingOnceAndThenNothing() {
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      WorkflowServiceStubs service = env.getWorkflowServiceStubs();
      List<String> names = DistillSearchAttributes.ALL.stream().map(k -> k.getName()).toList();

      assertEquals(names, SearchAttributeRegistrar.register(service, "default"));
      assertEquals(List.of(), SearchAttributeRegistrar.register(service, "default"));
    }
  }

  @Test
  void aServerThatRefusesGetsOneWarningLineAndNoException() throws Exception {
    String name = InProcessServerBuilder.generateName();
    Server server =
        InProcessServerBuilder.forName(name)
            .addService(
                new OperatorServiceGrpc.OperatorServiceImplBase() {
                  @Override
                  public void addSearchAttributes(
                      AddSearchAttributesRequest request,
                      StreamObserver<AddSearchAttributesResponse> response) {
                    response.onError(
                        Status.PERMISSION_DENIED
                            .withDescription("Request unauthorized.")
                            .asRuntimeException());
                  }
                })
            .build()
            .start();
    ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
    WorkflowServiceStubs service =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setChannel(channel).build());
    Logger log = (Logger) LoggerFactory.getLogger(SearchAttributeRegistrar.class);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    log.addAppender(logged);
    try {
      assertEquals(List.of(), SearchAttributeRegistrar.register(service, "default"));

      assertEquals(1, logged.list.size(), "one line, not one per attribute");
      ILoggingEvent warning = logged.list.get(0);
      assertEquals(Level.WARN, warning.getLevel());
      assertNull(warning.getThrowableProxy(), "no stack trace");
      String message = warning.getFormattedMessage();
      assertTrue(message.contains("PERMISSION_DENIED"), message);
      assertTrue(message.contains("infra/register-search-attributes.sh"), message);
    } finally {
      log.detachAppender(logged);
      service.shutdownNow();
      channel.shutdownNow();
      server.shutdownNow();
    }
  }

  @Test
  void theInfraScriptRegistersExactlyTheAttributesTheWorkflowsUse() throws Exception {
    String script = Files.readString(Path.of("../../infra/register-search-attributes.sh"));
    Matcher entries = Pattern.compile("(?m)^\\s+(Distill\\w+):(\\w+)$").matcher(script);
    Map<String, String> registered = new TreeMap<>();
    while (entries.find()) {
      registered.put(entries.group(1), entries.group(2));
    }
    Map<String, String> expected =
        DistillSearchAttributes.ALL.stream()
            .collect(
                Collectors.toMap(
                    k -> k.getName(), k -> cliType(k.getValueType()), (a, b) -> a, TreeMap::new));

    assertEquals(expected, registered);
  }

  /** The type name the {@code temporal} CLI takes. */
  private static String cliType(IndexedValueType type) {
    return switch (type) {
      case INDEXED_VALUE_TYPE_KEYWORD -> "Keyword";
      case INDEXED_VALUE_TYPE_KEYWORD_LIST -> "KeywordList";
      default -> throw new IllegalArgumentException("no CLI name for " + type);
    };
  }
}
