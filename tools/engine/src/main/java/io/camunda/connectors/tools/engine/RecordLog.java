package io.camunda.connectors.tools.engine;

import io.camunda.zeebe.process.test.api.RecordStreamSource;
import io.camunda.zeebe.protocol.record.Record;
import java.util.ArrayList;
import java.util.List;

/**
 * The engine's record stream, read by several HTTP threads. ZPT's {@link RecordStreamSource}
 * appends new records to one growing list on every {@code getRecords()} call, so readers must not
 * interleave: every read goes through this class, one at a time, and gets a copy.
 *
 * <p>Records are addressed by their index in that list, which only grows: a reader that remembers
 * how many records it has seen asks {@link #since(int)} for the new ones only.
 */
final class RecordLog {

  private final RecordStreamSource source;

  RecordLog(final RecordStreamSource source) {
    this.source = source;
  }

  /** Every record written so far. */
  List<Record<?>> all() {
    return since(0);
  }

  /** The records from index {@code from} on (empty when there are none yet). */
  synchronized List<Record<?>> since(final int from) {
    final Iterable<Record<?>> records = source.getRecords();
    if (records instanceof final List<Record<?>> list) {
      final int size = list.size();
      return from >= size ? List.of() : new ArrayList<>(list.subList(from, size));
    }
    final List<Record<?>> copy = new ArrayList<>();
    int index = 0;
    for (final Record<?> record : records) {
      if (index++ >= from) {
        copy.add(record);
      }
    }
    return copy;
  }
}
