package dev.distillery.embedded;

import com.sun.net.httpserver.HttpServer;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.testserver.TestServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * What {@link FakeTemporalCli} serves for {@code temporal server start-dev ARGS}: the Java test
 * server on {@code --port}, the {@code --search-attribute NAME=TYPE}s registered as the CLI
 * registers them, and a placeholder page on {@code --ui-port}. It runs until it is killed.
 */
public final class FakeTemporalCliServer {
  /** The placeholder page's text. */
  public static final String UI_PAGE = "FakeTemporalCli: stand-in for the Temporal Web UI";

  private FakeTemporalCliServer() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new HashMap<>();
    AddSearchAttributesRequest.Builder attributes = AddSearchAttributesRequest.newBuilder();
    for (int i = 2; i + 1 < args.length; i += 2) {
      if (args[i].equals("--search-attribute")) {
        String[] nameType = args[i + 1].split("=", 2);
        attributes.putSearchAttributes(nameType[0], type(nameType[1]));
      } else {
        options.put(args[i], args[i + 1]);
      }
    }
    int port = Integer.parseInt(options.get("--port"));
    TestServer.createPortBoundServer(port);
    OperatorServiceStubs operator =
        OperatorServiceStubs.newServiceStubs(
            OperatorServiceStubsOptions.newBuilder()
                .setTarget("127.0.0.1:" + port)
                .validateAndBuildWithDefaults());
    operator
        .blockingStub()
        .addSearchAttributes(attributes.setNamespace(options.get("--namespace")).build());
    operator.shutdownNow();
    HttpServer ui =
        HttpServer.create(
            new InetSocketAddress("127.0.0.1", Integer.parseInt(options.get("--ui-port"))), 0);
    ui.createContext(
        "/",
        exchange -> {
          byte[] page = UI_PAGE.getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, page.length);
          exchange.getResponseBody().write(page);
          exchange.close();
        });
    ui.start();
    new CountDownLatch(1).await();
  }

  private static IndexedValueType type(String cliName) {
    return IndexedValueType.valueOf(
        "INDEXED_VALUE_TYPE_" + cliName.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase());
  }
}
