package io.camunda.connectors.tools.engine;

import com.google.protobuf.GeneratedMessage;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.DeleteResourceRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.DeleteResourceResponse;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Fills a gap in zeebe-process-test-engine's in-memory gRPC gateway.
 *
 * <p>{@code DeleteResource}: the gateway writes the command and the engine deletes the resource
 * (RESOURCE_DELETION DELETING/DELETED, PROCESS DELETING/DELETED records), but ZPT's {@code
 * GrpcResponseMapper} has no response for {@code DeleteResourceRequest}: the answer fails with a
 * NullPointerException in the engine log and the client waits until its deadline. We register the
 * (empty) {@code DeleteResourceResponse} in that mapper (a copy of its immutable map). Rejections (an unknown key) are answered
 * by ZPT's own rejection path and need nothing.
 *
 * <p>This reaches into ZPT internals by reflection (engine → stream processor → its context's
 * command response writer → response mapper). If a later ZPT version changes them, the engine
 * still starts and logs why DeleteResource calls will not be answered.
 */
final class GatewayFixes {

  private GatewayFixes() {}

  static void apply(final ZeebeTestEngine engine) {
    try {
      final Object streamProcessor = field(engine, "streamProcessor");
      final Object context = field(streamProcessor, "streamProcessorContext");
      final Method getWriter = context.getClass().getMethod("getCommandResponseWriter");
      final Object writer = getWriter.invoke(context);
      final Object mapper = field(writer, "responseMapper");
      final Field mappersField = declaredField(mapper.getClass(), "mappers");
      // An immutable map (Map.of): replace it with a copy that also answers DeleteResource.
      @SuppressWarnings("unchecked")
      final Map<Class<? extends GeneratedMessage>, Callable<GeneratedMessage>> mappers =
          new HashMap<>(
              (Map<Class<? extends GeneratedMessage>, Callable<GeneratedMessage>>)
                  mappersField.get(mapper));
      mappers.putIfAbsent(DeleteResourceRequest.class, DeleteResourceResponse::getDefaultInstance);
      mappersField.set(mapper, mappers);
    } catch (final ReflectiveOperationException | RuntimeException e) {
      System.err.println(
          "LocalZeebe: could not add the DeleteResource response to the gateway ("
              + e
              + "); DeleteResource still deletes, but its gRPC call gets no answer");
    }
  }

  private static Object field(final Object target, final String name)
      throws ReflectiveOperationException {
    final Object value = declaredField(target.getClass(), name).get(target);
    if (value == null) {
      throw new NoSuchFieldException(target.getClass().getName() + "." + name + " is null");
    }
    return value;
  }

  private static Field declaredField(final Class<?> type, final String name)
      throws NoSuchFieldException {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      for (final Field f : c.getDeclaredFields()) {
        if (f.getName().equals(name)) {
          f.setAccessible(true);
          return f;
        }
      }
    }
    throw new NoSuchFieldException(type.getName() + "." + name);
  }
}
