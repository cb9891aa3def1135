package com.example.worker;

import dev.distillery.llm.simulated.SimulatedLlmConfig;
import dev.distillery.llm.simulated.SimulatedLlmServer;
import dev.distillery.plugin.DistilleryPlugin;
import dev.distillery.store.S3Clients;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A team's own Temporal worker that also runs Distillery: the plugin on the factory's options is
 * the only Distillery part. Sweeps are submitted to it with {@code distill submit}, pointed at the
 * same Temporal ({@code TEMPORAL_ADDRESS}) and store ({@code DISTILL_STORE}).
 */
public final class MyWorker {
  private MyWorker() {}

  /**
   * Starts the team's worker factory with Distillery on it.
   *
   * @param bucket where Distillery keeps its artifacts
   * @param simulatedLlm the base URL that recipes' {@code simulated://} endpoints resolve to
   */
  public static WorkerFactory start(
      WorkflowClient client, S3Client s3, String bucket, URI simulatedLlm) {
    DistilleryPlugin distillery =
        DistilleryPlugin.newBuilder().s3(s3, bucket, "").simulatorUrl(simulatedLlm).build();
    WorkerFactory factory =
        WorkerFactory.newInstance(
            client, WorkerFactoryOptions.newBuilder().setPlugins(distillery).build());
    // The team's own workers go here as before, e.g. factory.newWorker("orders").register...(...).
    factory.start();
    return factory;
  }

  /**
   * Runs until killed, against {@code TEMPORAL_ADDRESS} (default {@code 127.0.0.1:7233}) and the
   * bucket {@code MY_BUCKET} (default {@code distillery}) of the S3 service that the AWS variables
   * name ({@code AWS_ENDPOINT_URL_S3} for MinIO), with an in-process simulated LLM for the demo.
   */
  public static void main(String[] args) throws IOException, InterruptedException {
    Map<String, String> env = System.getenv();
    WorkflowServiceStubs service =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder()
                .setTarget(env.getOrDefault("TEMPORAL_ADDRESS", "127.0.0.1:7233"))
                .build());
    WorkflowClient client =
        WorkflowClient.newInstance(
            service,
            WorkflowClientOptions.newBuilder()
                .setNamespace(env.getOrDefault("TEMPORAL_NAMESPACE", "default"))
                .build());
    String endpoint = env.get("AWS_ENDPOINT_URL_S3");
    S3Client s3 =
        S3Clients.create(
            endpoint == null ? null : URI.create(endpoint),
            env.getOrDefault("AWS_REGION", "us-east-1"),
            DefaultCredentialsProvider.builder().build());
    SimulatedLlmServer llm = SimulatedLlmServer.start(SimulatedLlmConfig.defaults());
    start(client, s3, env.getOrDefault("MY_BUCKET", "distillery"), llm.baseUrl());
    Thread.currentThread().join();
  }
}
