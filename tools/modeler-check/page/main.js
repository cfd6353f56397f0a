// The modeling stack of Camunda Modeler for Camunda 8: bpmn-js with the properties panel, Zeebe's
// moddle and behaviours, and the cloud element templates. The test drives it through window.check.
import BpmnModeler from 'bpmn-js/lib/Modeler';
import { BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, ZeebePropertiesProviderModule } from 'bpmn-js-properties-panel';
import { CloudElementTemplatesPropertiesProviderModule } from 'bpmn-js-element-templates';
import ZeebeBehaviorsModule from 'camunda-bpmn-js-behaviors/lib/camunda-cloud';
import zeebeModdle from 'zeebe-bpmn-moddle/resources/zeebe.json';
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';
import '@bpmn-io/properties-panel/dist/assets/properties-panel.css';
import 'bpmn-js-element-templates/dist/assets/element-templates.css';

const modeler = new BpmnModeler({
  container: '#canvas',
  propertiesPanel: { parent: '#panel' },
  additionalModules: [BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, ZeebePropertiesProviderModule, CloudElementTemplatesPropertiesProviderModule, ZeebeBehaviorsModule],
  moddleExtensions: { zeebe: zeebeModdle },
});

const templateErrors = [];
modeler.on('elementTemplates.errors', (event) => templateErrors.push(...event.errors.map((e) => String(e.message || e))));

/** A process with one element of the kind a template applies to, between a start and an end. */
function diagram(kind, processId) {
  const shapes = { 'bpmn:Task': 'task', 'bpmn:ReceiveTask': 'receiveTask', 'bpmn:IntermediateCatchEvent': 'intermediateCatchEvent', 'bpmn:IntermediateThrowEvent': 'intermediateThrowEvent' };
  const di = (id, x, w = 36, h = 36) => `<bpmndi:BPMNShape id="${id}_di" bpmnElement="${id}"><dc:Bounds x="${x}" y="${100 - h / 2}" width="${w}" height="${h}"/></bpmndi:BPMNShape>`;
  const edge = (id, x1, x2) => `<bpmndi:BPMNEdge id="${id}_di" bpmnElement="${id}"><di:waypoint x="${x1}" y="100"/><di:waypoint x="${x2}" y="100"/></bpmndi:BPMNEdge>`;
  let body;
  let shapesDi;
  if (kind === 'bpmn:StartEvent') {
    body = `<bpmn:startEvent id="target"/><bpmn:endEvent id="end"/><bpmn:sequenceFlow id="f1" sourceRef="target" targetRef="end"/>`;
    shapesDi = di('target', 150) + di('end', 300) + edge('f1', 186, 300);
  } else if (kind === 'bpmn:BoundaryEvent') {
    body = `<bpmn:startEvent id="start"/><bpmn:serviceTask id="host"><bpmn:extensionElements><zeebe:taskDefinition type="modeler-check-wait"/></bpmn:extensionElements></bpmn:serviceTask>
      <bpmn:boundaryEvent id="target" attachedToRef="host"/><bpmn:endEvent id="end"/><bpmn:endEvent id="end2"/>
      <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="host"/><bpmn:sequenceFlow id="f2" sourceRef="host" targetRef="end"/><bpmn:sequenceFlow id="f3" sourceRef="target" targetRef="end2"/>`;
    shapesDi = di('start', 150) + di('host', 250, 100, 80) + di('target', 300, 36, 36).replace('y="82"', 'y="122"') + di('end', 450) + di('end2', 450).replace('y="82"', 'y="200"') + edge('f1', 186, 250) + edge('f2', 350, 450) + edge('f3', 318, 450);
  } else {
    const tag = shapes[kind];
    if (!tag) throw new Error(`no diagram for ${kind}`);
    const wide = tag.endsWith('ask');
    body = `<bpmn:startEvent id="start"/><bpmn:${tag} id="target"/><bpmn:endEvent id="end"/><bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="target"/><bpmn:sequenceFlow id="f2" sourceRef="target" targetRef="end"/>`;
    shapesDi = di('start', 150) + (wide ? di('target', 250, 100, 80) : di('target', 250)) + di('end', 450) + edge('f1', 186, 250) + edge('f2', wide ? 350 : 286, 450);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:modeler="http://camunda.org/schema/modeler/1.0" id="defs" targetNamespace="http://bpmn.io/schema/bpmn" modeler:executionPlatform="Camunda Cloud" modeler:executionPlatformVersion="8.8.0">
  <bpmn:process id="${processId}" isExecutable="true">${body}</bpmn:process>
  <bpmndi:BPMNDiagram id="d"><bpmndi:BPMNPlane id="p" bpmnElement="${processId}">${shapesDi}</bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
</bpmn:definitions>`;
}

window.check = {
  /** Loads templates as Modeler does and imports a diagram with one element of `kind`. */
  async open(templates, kind, processId) {
    templateErrors.length = 0;
    modeler.get('elementTemplates').set(templates);
    await modeler.importXML(diagram(kind, processId));
    // The properties panel mounts after the first import's rendering: let it, before a selection it must follow.
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    return { templateErrors: [...templateErrors] };
  },
  /** Applies a template (by id and version) to the element, selects it, and says what it became. */
  apply(templateId, version) {
    const templates = modeler.get('elementTemplates');
    const template = templates.get(templateId, version);
    if (!template) throw new Error(`Modeler did not load ${templateId} version ${version}: ${templateErrors.join('; ')}`);
    const applied = templates.applyTemplate(modeler.get('elementRegistry').get('target'), template);
    modeler.get('selection').select(applied);
    modeler.get('canvas').zoom('fit-viewport');
    const bo = applied.businessObject;
    return {
      type: bo.$type,
      eventDefinitions: (bo.eventDefinitions || []).map((d) => d.$type),
      appliedTemplate: bo.get('zeebe:modelerTemplate'),
      appliedVersion: bo.get('zeebe:modelerTemplateVersion'),
    };
  },
  async xml() {
    return (await modeler.saveXML({ format: true })).xml;
  },
};
window.checkReady = true;
