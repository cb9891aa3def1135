package dev.distillery.plugin;

import dev.distillery.workflow.DistillSearchAttributes;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.common.SearchAttributeKey;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers {@link DistillSearchAttributes} in a namespace, the same set as {@code
 * infra/register-search-attributes.sh}, so that a worker started without that script still runs
 * workflows whose upserts would otherwise fail. Best effort and idempotent: an attribute that
 * exists already is fine, and a server that refuses (no permission, a cloud namespace) gets one
 * warning line.
 */
public final class SearchAttributeRegistrar {
  private static final Logger log = LoggerFactory.getLogger(SearchAttributeRegistrar.class);

  private SearchAttributeRegistrar() {}

  /**
   * Adds each attribute the server does not list, one request each: the Java test server cannot
   * list them and rejects a whole request when any attribute in it exists.
   *
   * @return the names added now (empty when all existed or the server refused)
   */
  public static List<String> register(WorkflowServiceStubs service, String namespace) {
    OperatorServiceStubs operator =
        OperatorServiceStubs.newServiceStubs(
            OperatorServiceStubsOptions.newBuilder()
                .setChannel(service.getRawChannel())
                .validateAndBuildWithDefaults());
    try {
      Set<String> existing = existing(operator, namespace);
      List<String> added = new ArrayList<>();
      for (SearchAttributeKey<?> key : DistillSearchAttributes.ALL) {
        if (existing.contains(key.getName())) {
          continue;
        }
        try {
          operator
              .blockingStub()
              .addSearchAttributes(
                  AddSearchAttributesRequest.newBuilder()
                      .setNamespace(namespace)
                      .putSearchAttributes(key.getName(), key.getValueType())
                      .build());
          added.add(key.getName());
        } catch (StatusRuntimeException e) {
          if (e.getStatus().getCode() != Status.Code.ALREADY_EXISTS) {
            log.warn(
                "Could not register search attribute {} in namespace '{}' ({}: {}). Workflows"
                    + " that set it will fail their tasks until it exists: run"
                    + " infra/register-search-attributes.sh with operator rights.",
                key.getName(),
                namespace,
                e.getStatus().getCode(),
                e.getStatus().getDescription());
            return added;
          }
        }
      }
      return added;
    } finally {
      operator.shutdownNow();
    }
  }

  /** The custom attributes a real server lists; empty from the test server, which cannot list. */
  private static Set<String> existing(OperatorServiceStubs operator, String namespace) {
    try {
      return operator
          .blockingStub()
          .listSearchAttributes(
              ListSearchAttributesRequest.newBuilder().setNamespace(namespace).build())
          .getCustomAttributesMap()
          .keySet();
    } catch (StatusRuntimeException e) {
      return Set.of();
    }
  }
}
