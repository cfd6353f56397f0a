package io.camunda.connectors.tools.engine;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.engine.EngineFactory;
import io.camunda.zeebe.protocol.record.Record;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Local Zeebe engine for connector tests: the real Zeebe stream processor and gRPC gateway from
 * {@code io.camunda:zeebe-process-test-engine}, in memory, plus a tiny HTTP endpoint for health
 * checks and test hooks.
 *
 * <p>Usage: {@code java -cp <classpath> io.camunda.connectors.tools.engine.LocalZeebe [grpcPort
 * [healthPort]]}. Ports default to the env vars {@code CONNECTORS_ENGINE_GRPC_PORT} /
 * {@code CONNECTORS_ENGINE_HEALTH_PORT}, then 26500 / 9600.
 *
 * <p>HTTP (health port):
 *
 * <ul>
 *   <li>{@code GET /actuator/health/status}, {@code GET /ready}: 200 once the engine is started,
 *       503 while stopping.
 *   <li>{@code GET /records[?valueType=INCIDENT]}: all exported records (or one value type) as
 *       a JSON array, e.g. to observe incidents without the REST API.
 *   <li>{@code POST /clock/increase?ms=N}: move the engine clock forward (timers, retry back-off).
 *   <li>{@code POST /v2/process-definitions/search}, {@code GET /v2/process-definitions/{key}} and
 *       {@code GET /v2/process-definitions/{key}/xml}: the process-definition endpoints of
 *       Camunda's REST API v2, built from the deployment records ({@link ProcessDefinitionsApi}).
 * </ul>
 *
 * <p>SIGTERM (or SIGINT) stops the HTTP server and the engine, then exits 0.
 */
public final class LocalZeebe {

  private LocalZeebe() {}

  public static void main(final String[] args) throws Exception {
    final int grpcPort = port(args, 0, "CONNECTORS_ENGINE_GRPC_PORT", 26500);
    final int healthPort = port(args, 1, "CONNECTORS_ENGINE_HEALTH_PORT", 9600);
    final long t0 = System.nanoTime();
    // TCP_NODELAY: without it a response written as headers + body waits for the client's delayed
    // ACK (about 40 ms per request on Linux). Read once, when the JDK's HTTP server loads.
    System.setProperty("sun.net.httpserver.nodelay", "true");

    final AtomicBoolean ready = new AtomicBoolean(false);
    final CountDownLatch stopped = new CountDownLatch(1);

    // Bind the HTTP port first: if it is taken we fail before starting the engine.
    final HttpServer http = HttpServer.create(new InetSocketAddress(healthPort), 16);
    final ZeebeTestEngine engine = EngineFactory.create(grpcPort);
    GatewayFixes.apply(engine);

    http.createContext("/actuator/health/status", ex -> health(ex, ready.get()));
    http.createContext("/ready", ex -> health(ex, ready.get()));
    final RecordLog log = new RecordLog(engine.getRecordStreamSource());
    http.createContext("/records", ex -> records(ex, log));
    new ProcessDefinitionsApi(new ProcessDefinitionIndex(log)).register(http);
    http.createContext("/clock/increase", ex -> increaseClock(ex, engine));
    http.setExecutor(Executors.newFixedThreadPool(2));

    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  ready.set(false);
                  System.out.println("LocalZeebe: stopping");
                  try {
                    http.stop(0);
                  } catch (final RuntimeException e) {
                    // ignore: shutting down anyway
                  }
                  try {
                    engine.stop();
                  } catch (final RuntimeException e) {
                    System.err.println("LocalZeebe: engine.stop failed: " + e);
                  }
                  System.out.println("LocalZeebe: stopped");
                  System.out.flush();
                  stopped.countDown();
                },
                "local-zeebe-shutdown"));

    engine.start();
    http.start();
    ready.set(true);
    System.out.printf(
        Locale.ROOT,
        "LocalZeebe ready: grpc=%s health=%d (%d ms)%n",
        engine.getGatewayAddress(),
        healthPort,
        Duration.ofNanos(System.nanoTime() - t0).toMillis());
    System.out.flush();
    stopped.await();
  }

  private static int port(final String[] args, final int index, final String env, final int def) {
    String value = args.length > index ? args[index] : System.getenv(env);
    if (value == null || value.isBlank()) {
      return def;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (final NumberFormatException e) {
      throw new IllegalArgumentException("invalid port '" + value + "' (" + env + ")", e);
    }
  }

  private static void health(final HttpExchange ex, final boolean up) throws IOException {
    send(ex, up ? 200 : 503, up ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\"}");
  }

  private static void records(final HttpExchange ex, final RecordLog log) throws IOException {
    final String query = ex.getRequestURI().getQuery();
    String valueType = null;
    if (query != null) {
      for (final String pair : query.split("&")) {
        if (pair.startsWith("valueType=")) {
          valueType = pair.substring("valueType=".length()).toUpperCase(Locale.ROOT);
        }
      }
    }
    final StringBuilder body = new StringBuilder("[");
    try {
      for (final Record<?> record : log.all()) {
        if (valueType != null && !record.getValueType().name().equals(valueType)) {
          continue;
        }
        if (body.length() > 1) {
          body.append(',');
        }
        body.append(record.toJson());
      }
    } catch (final RuntimeException e) {
      send(ex, 500, "{\"error\":\"" + e.toString().replace("\"", "'") + "\"}");
      return;
    }
    send(ex, 200, body.append(']').toString());
  }

  private static void increaseClock(final HttpExchange ex, final ZeebeTestEngine engine)
      throws IOException {
    if (!"POST".equals(ex.getRequestMethod())) {
      send(ex, 405, "{\"error\":\"use POST /clock/increase?ms=N\"}");
      return;
    }
    final String query = ex.getRequestURI().getQuery();
    long ms = -1;
    if (query != null && query.startsWith("ms=")) {
      try {
        ms = Long.parseLong(query.substring(3));
      } catch (final NumberFormatException e) {
        ms = -1;
      }
    }
    if (ms < 0) {
      send(ex, 400, "{\"error\":\"use POST /clock/increase?ms=N\"}");
      return;
    }
    engine.increaseTime(Duration.ofMillis(ms));
    send(ex, 200, "{\"increasedMs\":" + ms + "}");
  }

  private static void send(final HttpExchange ex, final int status, final String body)
      throws IOException {
    final byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }
}
