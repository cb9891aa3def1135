package dev.distillery.embedded;

import dev.distillery.workflow.DistillSearchAttributes;
import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.TestServicesStarter;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * Temporal's Java test server bound to 127.0.0.1 only, with Distillery's search attributes
 * registered. The public {@code TestServer.createPortBoundServer} binds every interface, so this
 * class starts the same services on a loopback Netty server; it is the one place that uses the
 * SDK's internal test service API. The server keeps everything in memory: a restart forgets every
 * workflow.
 */
public final class EmbeddedTemporal implements AutoCloseable {
  private final TestServicesStarter services;
  private final Server server;

  private EmbeddedTemporal(TestServicesStarter services, Server server) {
    this.services = services;
    this.server = server;
  }

  /** Starts on {@code port} (0 picks a free one). Time runs as on a real server. */
  public static EmbeddedTemporal start(int port) throws IOException {
    TestServicesStarter services = new TestServicesStarter(true, 0);
    NettyServerBuilder builder =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port));
    List<BindableService> bindable = services.getServices();
    GRPCServerHelper.registerServicesAndHealthChecks(bindable, builder);
    Server server = builder.build().start();
    EmbeddedTemporal temporal = new EmbeddedTemporal(services, server);
    try {
      temporal.registerSearchAttributes();
    } catch (RuntimeException e) {
      temporal.close();
      throw e;
    }
    return temporal;
  }

  /**
   * Registers {@link DistillSearchAttributes} (the test server keeps them for all namespaces), so
   * that workflows may upsert them and clients may set them at start.
   */
  private void registerSearchAttributes() {
    OperatorServiceStubs operator =
        OperatorServiceStubs.newServiceStubs(
            OperatorServiceStubsOptions.newBuilder()
                .setTarget(address())
                .validateAndBuildWithDefaults());
    try {
      AddSearchAttributesRequest.Builder request =
          AddSearchAttributesRequest.newBuilder().setNamespace("default");
      DistillSearchAttributes.ALL.forEach(
          key -> request.putSearchAttributes(key.getName(), key.getValueType()));
      operator.blockingStub().addSearchAttributes(request.build());
    } finally {
      operator.shutdownNow();
    }
  }

  /** {@code 127.0.0.1:<port>}, as {@code TEMPORAL_ADDRESS} would be written. */
  public String address() {
    return "127.0.0.1:" + server.getPort();
  }

  @Override
  public void close() {
    server.shutdownNow();
    services.close();
  }
}
