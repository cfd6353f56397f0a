/**
 * Small deployable BPMN models for tests against an engine: a start event, a message start event,
 * an intermediate catch event or a service task, carrying the `zeebe:property` entries of an inbound
 * connector (or the task definition of an outbound one), wired start -> element -> end.
 */

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

function properties(p: Record<string, string>): string {
  const entries = Object.entries(p)
    .map(([k, v]) => `<zeebe:property name="${esc(k)}" value="${esc(v)}" />`)
    .join('');
  return entries ? `<bpmn:extensionElements><zeebe:properties>${entries}</zeebe:properties></bpmn:extensionElements>` : '';
}

function definitions(processId: string, body: string, messages = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs_${esc(processId)}" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="${esc(processId)}" isExecutable="true">
${body}
  </bpmn:process>
${messages}
</bpmn:definitions>
`;
}

/** A none start event carrying `props` (none: a plain process), then the end. */
export function startModel(processId: string, props: Record<string, string> = {}): string {
  return definitions(
    processId,
    `<bpmn:startEvent id="start">${properties(props)}<bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="end" />
    <bpmn:endEvent id="end"><bpmn:incoming>f1</bpmn:incoming></bpmn:endEvent>`,
  );
}

/** A message start event of `message` carrying `props`, then the end. */
export function messageStartModel(processId: string, message: string, props: Record<string, string>): string {
  return definitions(
    processId,
    `<bpmn:startEvent id="start">${properties(props)}<bpmn:outgoing>f1</bpmn:outgoing><bpmn:messageEventDefinition messageRef="msg" /></bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="end" />
    <bpmn:endEvent id="end"><bpmn:incoming>f1</bpmn:incoming></bpmn:endEvent>`,
    `<bpmn:message id="msg" name="${esc(message)}" />`,
  );
}

/**
 * A plain start, then an intermediate catch event of `message` carrying `props` (its subscription
 * correlation key is `subscriptionKey`, default `=orderId`: start the instance with that variable).
 */
export function catchModel(processId: string, message: string, props: Record<string, string>, subscriptionKey = '=orderId'): string {
  return definitions(
    processId,
    `<bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="wait" />
    <bpmn:intermediateCatchEvent id="wait">${properties(props)}<bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing><bpmn:messageEventDefinition messageRef="msg" /></bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="end" />
    <bpmn:endEvent id="end"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>`,
    `<bpmn:message id="msg" name="${esc(message)}"><bpmn:extensionElements><zeebe:subscription correlationKey="${esc(subscriptionKey)}" /></bpmn:extensionElements></bpmn:message>`,
  );
}

/** A start, a service task of `jobType` (no inputs or headers), then the end. */
export function taskModel(processId: string, jobType: string): string {
  return definitions(
    processId,
    `<bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="task" />
    <bpmn:serviceTask id="task"><bpmn:extensionElements><zeebe:taskDefinition type="${esc(jobType)}" /></bpmn:extensionElements><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:serviceTask>
    <bpmn:sequenceFlow id="f2" sourceRef="task" targetRef="end" />
    <bpmn:endEvent id="end"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>`,
  );
}

/** Element properties as Camunda's stock webhook templates write them (no HMAC, no authentication). */
export function stockWebhookProperties(context: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    'inbound.type': 'io.camunda:webhook:1',
    'inbound.context': context,
    'inbound.method': 'any',
    'inbound.shouldValidateHmac': 'disabled',
    'inbound.auth.type': 'NONE',
    ...extra,
  };
}
