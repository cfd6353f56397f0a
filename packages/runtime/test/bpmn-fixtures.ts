/** Small BPMN documents for the inbound tests: one process whose elements carry zeebe:property lists. */
export interface FixtureElement {
  id: string;
  kind: 'start' | 'message-start' | 'intermediate' | 'boundary' | 'receive';
  properties: Record<string, string>;
  message?: string;
  correlationKey?: string;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

function props(p: Record<string, string>): string {
  const entries = Object.entries(p).map(([k, v]) => `<zeebe:property name="${esc(k)}" value="${esc(v)}" />`).join('');
  return `<bpmn:extensionElements><zeebe:properties>${entries}</zeebe:properties></bpmn:extensionElements>`;
}

export function processXml(processId: string, elements: FixtureElement[], options: { subprocess?: FixtureElement[] } = {}): string {
  const messages: string[] = [];
  const msgRef = (e: FixtureElement) => {
    const id = `Message_${e.id}`;
    const sub = e.correlationKey ? `<bpmn:extensionElements><zeebe:subscription correlationKey="${esc(e.correlationKey)}" /></bpmn:extensionElements>` : '';
    messages.push(`<bpmn:message id="${id}" name="${esc(e.message ?? `msg-${e.id}`)}">${sub}</bpmn:message>`);
    return id;
  };
  const render = (e: FixtureElement): string => {
    switch (e.kind) {
      case 'start':
        return `<bpmn:startEvent id="${e.id}">${props(e.properties)}</bpmn:startEvent>`;
      case 'message-start':
        return `<bpmn:startEvent id="${e.id}">${props(e.properties)}<bpmn:messageEventDefinition messageRef="${msgRef(e)}" /></bpmn:startEvent>`;
      case 'intermediate':
        return `<bpmn:intermediateCatchEvent id="${e.id}">${props(e.properties)}<bpmn:messageEventDefinition messageRef="${msgRef(e)}" /></bpmn:intermediateCatchEvent>`;
      case 'boundary':
        return `<bpmn:task id="${e.id}_task" /><bpmn:boundaryEvent id="${e.id}" attachedToRef="${e.id}_task">${props(e.properties)}<bpmn:messageEventDefinition messageRef="${msgRef(e)}" /></bpmn:boundaryEvent>`;
      case 'receive':
        return `<bpmn:receiveTask id="${e.id}" messageRef="${msgRef(e)}">${props(e.properties)}</bpmn:receiveTask>`;
    }
  };
  const body = elements.map(render).join('\n');
  const sub = options.subprocess
    ? `<bpmn:subProcess id="sub" triggeredByEvent="true">${options.subprocess.map(render).join('\n')}</bpmn:subProcess>`
    : '';
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs" targetNamespace="http://bpmn.io/schema/bpmn">
<bpmn:process id="${processId}" isExecutable="true">
${body}
${sub}
</bpmn:process>
${messages.join('\n')}
</bpmn:definitions>`;
}
