/** Deployable BPMN models with inbound elements, built per test (process ids and types carry the run suffix). */

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

function properties(p: Record<string, string>): string {
  const entries = Object.entries(p)
    .map(([k, v]) => `<zeebe:property name="${esc(k)}" value="${esc(v)}" />`)
    .join('');
  return `<bpmn:extensionElements><zeebe:properties>${entries}</zeebe:properties></bpmn:extensionElements>`;
}

function definitions(processId: string, body: string, messages = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs_${processId}" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="${processId}" isExecutable="true">
${body}
  </bpmn:process>
${messages}
</bpmn:definitions>`;
}

/** None start event carrying the inbound properties, then the end. */
export function startModel(processId: string, props: Record<string, string>): string {
  return definitions(
    processId,
    `<bpmn:startEvent id="start">${properties(props)}<bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="end" />
    <bpmn:endEvent id="end"><bpmn:incoming>f1</bpmn:incoming></bpmn:endEvent>`,
  );
}

/** Message start event carrying the inbound properties. */
export function messageStartModel(processId: string, message: string, props: Record<string, string>): string {
  return definitions(
    processId,
    `<bpmn:startEvent id="start">${properties(props)}<bpmn:outgoing>f1</bpmn:outgoing><bpmn:messageEventDefinition messageRef="msg" /></bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="end" />
    <bpmn:endEvent id="end"><bpmn:incoming>f1</bpmn:incoming></bpmn:endEvent>`,
    `<bpmn:message id="msg" name="${esc(message)}" />`,
  );
}

/** A plain start, then an intermediate message catch event carrying the inbound properties (subscription key `=orderId`). */
export function catchModel(processId: string, message: string, props: Record<string, string>): string {
  return definitions(
    processId,
    `<bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="wait" />
    <bpmn:intermediateCatchEvent id="wait">${properties(props)}<bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing><bpmn:messageEventDefinition messageRef="msg" /></bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="end" />
    <bpmn:endEvent id="end"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>`,
    `<bpmn:message id="msg" name="${esc(message)}"><bpmn:extensionElements><zeebe:subscription correlationKey="=orderId" /></bpmn:extensionElements></bpmn:message>`,
  );
}
