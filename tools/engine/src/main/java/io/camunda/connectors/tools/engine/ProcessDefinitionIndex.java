package io.camunda.connectors.tools.engine;

import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.RecordType;
import io.camunda.zeebe.protocol.record.ValueType;
import io.camunda.zeebe.protocol.record.intent.ProcessIntent;
import io.camunda.zeebe.protocol.record.value.deployment.Process;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The deployed process definitions, built from the engine's own records: a {@code PROCESS CREATED}
 * event adds a definition (with its BPMN resource), {@code PROCESS DELETING} / {@code DELETED}
 * (gRPC DeleteResource on the definition key) removes it.
 *
 * <p>Incremental: the index remembers how many records it has consumed and reads only the new
 * ones on the next call, so a search costs the records written since the last one, not the whole
 * stream. Each definition's BPMN is parsed once, when it is added (for its name and start form).
 */
final class ProcessDefinitionIndex {

  /** One deployed process definition, as the REST API describes it, plus its BPMN resource. */
  record Definition(
      long key,
      String processDefinitionId,
      String name,
      String resourceName,
      int version,
      String versionTag,
      String tenantId,
      boolean hasStartForm,
      byte[] resource) {}

  /** A definition and whether it is the newest remaining version of its id in its tenant. */
  record Entry(Definition definition, boolean latest) {}

  private final RecordLog log;
  private int consumed;
  private final TreeMap<Long, Definition> byKey = new TreeMap<>();
  /** tenant + '\0' + processDefinitionId -> version -> definition. */
  private final Map<String, TreeMap<Integer, Definition>> versions = new HashMap<>();

  ProcessDefinitionIndex(final RecordLog log) {
    this.log = log;
  }

  /** Every deployed definition, in key order, with its latest-version flag. */
  synchronized List<Entry> entries() {
    catchUp();
    final List<Entry> entries = new ArrayList<>(byKey.size());
    for (final Definition d : byKey.values()) {
      entries.add(new Entry(d, isLatest(d)));
    }
    return entries;
  }

  synchronized Optional<Definition> get(final long key) {
    catchUp();
    return Optional.ofNullable(byKey.get(key));
  }

  private boolean isLatest(final Definition d) {
    final TreeMap<Integer, Definition> all = versions.get(idKey(d.tenantId(), d.processDefinitionId()));
    return all != null && all.lastKey() == d.version();
  }

  private void catchUp() {
    final List<Record<?>> fresh = log.since(consumed);
    for (final Record<?> record : fresh) {
      if (record.getValueType() == ValueType.PROCESS
          && record.getRecordType() == RecordType.EVENT
          && record.getValue() instanceof final Process process) {
        apply(record, process);
      }
    }
    consumed += fresh.size();
  }

  private void apply(final Record<?> record, final Process process) {
    final long key = process.getProcessDefinitionKey();
    if (record.getIntent() == ProcessIntent.CREATED) {
      final String id = process.getBpmnProcessId();
      final BpmnFacts facts = BpmnFacts.read(process.getResource(), id);
      final Definition d =
          new Definition(
              key,
              id,
              facts.name(),
              process.getResourceName(),
              process.getVersion(),
              blankToNull(process.getVersionTag()),
              process.getTenantId(),
              facts.hasStartForm(),
              process.getResource());
      byKey.put(key, d);
      versions.computeIfAbsent(idKey(d.tenantId(), id), k -> new TreeMap<>()).put(d.version(), d);
    } else if (record.getIntent() == ProcessIntent.DELETING
        || record.getIntent() == ProcessIntent.DELETED) {
      // DELETING already stops new instances of it; DELETED follows once its instances are gone.
      final Definition d = byKey.remove(key);
      if (d != null) {
        final String k = idKey(d.tenantId(), d.processDefinitionId());
        final TreeMap<Integer, Definition> all = versions.get(k);
        all.remove(d.version());
        if (all.isEmpty()) {
          versions.remove(k);
        }
      }
    }
  }

  private static String idKey(final String tenantId, final String processDefinitionId) {
    return tenantId + '\0' + processDefinitionId;
  }

  private static String blankToNull(final String s) {
    return s == null || s.isBlank() ? null : s;
  }

  /**
   * What the REST API reports from the BPMN itself: the process's {@code name} attribute and
   * whether one of its own start events links a form ({@code zeebe:formDefinition} with a
   * {@code formKey} or {@code formId}).
   */
  record BpmnFacts(String name, boolean hasStartForm) {

    private static final XMLInputFactory XML = XMLInputFactory.newFactory();

    static {
      XML.setProperty(XMLInputFactory.SUPPORT_DTD, false);
      XML.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
      XML.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    }

    static BpmnFacts read(final byte[] bpmn, final String processId) {
      String name = null;
      boolean startForm = false;
      try {
        final XMLStreamReader in = XML.createXMLStreamReader(new ByteArrayInputStream(bpmn));
        try {
          int depth = 0; // element depth
          int processDepth = -1; // depth of <process id=processId>, while inside it
          int startEventDepth = -1; // depth of a start event directly in that process
          while (in.hasNext()) {
            final int event = in.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
              depth++;
              final String local = in.getLocalName();
              if (processDepth < 0 && "process".equals(local) && processId.equals(attr(in, "id"))) {
                processDepth = depth;
                name = blankToNull(attr(in, "name"));
              } else if (processDepth > 0 && depth == processDepth + 1 && "startEvent".equals(local)) {
                startEventDepth = depth;
              } else if (startEventDepth > 0
                  && "formDefinition".equals(local)
                  && (!isBlank(attr(in, "formKey")) || !isBlank(attr(in, "formId")))) {
                startForm = true;
              }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
              if (depth == startEventDepth) {
                startEventDepth = -1;
              }
              if (depth == processDepth) {
                break;
              }
              depth--;
            }
          }
        } finally {
          in.close();
        }
      } catch (final XMLStreamException e) {
        // The engine accepted the resource, so this does not happen; report what we have.
        System.err.println("LocalZeebe: could not read BPMN of " + processId + ": " + e);
      }
      return new BpmnFacts(name, startForm);
    }

    private static String attr(final XMLStreamReader in, final String localName) {
      return in.getAttributeValue(null, localName); // unprefixed attributes, any namespace
    }

    private static boolean isBlank(final String s) {
      return s == null || s.isBlank();
    }
  }
}
