import { createRequire } from 'node:module';
import { describe, it, expect } from 'vitest';
import { defineInbound, defineOutbound, p, ALL_INBOUND_ELEMENTS } from '../index.js';
import {
  checkTemplate,
  generateTemplates,
  iconContents,
  serializeTemplate,
  templateFileName,
  type ElementTemplate,
  type TemplateProperty,
} from './generate.js';

interface ValidationIssue {
  message: string;
  dataPath?: string;
  instancePath?: string;
}
interface ValidationResult {
  valid: boolean;
  errors: ValidationIssue[] | null;
  warnings: ValidationIssue[] | null;
}
// The validator ships no type declarations: load its CommonJS build through require.
const { validateZeebe, getZeebeSchemaVersion } = createRequire(import.meta.url)('@bpmn-io/element-templates-validator') as {
  validateZeebe(template: unknown): ValidationResult;
  getZeebeSchemaVersion(): string;
};

const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="18" height="18"><circle cx="9" cy="9" r="8"/></svg>';

const outbound = defineOutbound({
  id: 'io.connectorkit.test.Outbound',
  name: 'Test outbound',
  version: 3,
  type: 'io.connectorkit:test-outbound:1',
  description: 'Calls a test API',
  documentationRef: 'https://example.com/docs/test-outbound',
  keywords: ['test', 'api'],
  icon: SVG,
  retries: 5,
  groups: [
    { id: 'authentication', label: 'Authentication' },
    { id: 'request', label: 'Request', tooltip: 'What to send' },
  ],
  properties: {
    'authentication.type': p.dropdown({
      label: 'Authentication',
      group: 'authentication',
      choices: [
        { name: 'None', value: 'none' },
        { name: 'Bearer token', value: 'bearer' },
        { name: 'Basic', value: 'basic' },
      ],
      default: 'none',
    }),
    'authentication.token': p.text({
      label: 'Bearer token',
      group: 'authentication',
      required: true,
      secret: true,
      feel: 'optional',
      condition: { property: 'authentication.type', equals: 'bearer' },
    }),
    'authentication.username': p.text({
      label: 'Username',
      group: 'authentication',
      condition: { property: 'authentication.type', oneOf: ['basic'] },
      constraints: { minLength: 1, maxLength: 64 },
    }),
    method: p.dropdown({
      label: 'Method',
      group: 'request',
      required: true,
      choices: [
        { name: 'GET', value: 'GET' },
        { name: 'POST', value: 'POST' },
        { name: 'PUT', value: 'PUT' },
      ],
      default: 'GET',
    }),
    url: p.text({
      label: 'URL',
      group: 'request',
      required: true,
      feel: 'optional',
      description: 'Address of the endpoint',
      tooltip: 'Must start with http:// or https://',
      placeholder: 'https://api.example.com/items',
      constraints: { notEmpty: true, pattern: { value: '^(=|https?://).*', message: 'must be an http(s) URL' } },
    }),
    sendBody: p.boolean({ label: 'Send a body', group: 'request', default: true }),
    body: p.textarea({
      label: 'Body',
      group: 'request',
      language: 'json',
      feel: 'optional',
      constraints: { minLength: 2, maxLength: 10000 },
      condition: {
        allMatch: [
          { property: 'method', oneOf: ['POST', 'PUT'] },
          { property: 'sendBody', equals: true },
        ],
      },
    }),
    timeout: p.number({ label: 'Timeout (seconds)', group: 'request', default: 20, min: 0, integer: true }),
    headers: p.json({ label: 'Headers', group: 'request', default: '{}', description: 'Map of HTTP headers' }),
    apiVersion: p.hidden({ value: 'v2' }),
    maxRedirects: p.hidden({ value: 3 }),
  },
  execute: () => ({ ok: true }),
});

const inbound = defineInbound({
  id: 'io.connectorkit.test.Inbound',
  name: 'Test inbound',
  version: 2,
  kind: 'subscription',
  type: 'io.connectorkit:test-inbound:1',
  description: 'Consumes test events',
  documentationRef: 'https://example.com/docs/test-inbound',
  icon: `data:image/svg+xml;base64,${Buffer.from(SVG).toString('base64')}`,
  groups: [
    { id: 'authentication', label: 'Authentication' },
    { id: 'subscription', label: 'Subscription' },
  ],
  properties: {
    'authentication.mode': p.dropdown({
      label: 'Mode',
      group: 'authentication',
      choices: [
        { name: 'Credentials', value: 'credentials' },
        { name: 'URI', value: 'uri' },
      ],
      default: 'credentials',
    }),
    'authentication.password': p.text({
      label: 'Password',
      group: 'authentication',
      required: true,
      secret: true,
      condition: { property: 'authentication.mode', equals: 'credentials' },
    }),
    queue: p.text({
      label: 'Queue',
      group: 'subscription',
      required: true,
      placeholder: 'orders',
      constraints: { pattern: { value: '^[a-z.-]+$', message: 'lower-case letters, dots and dashes' } },
    }),
    filter: p.textarea({ label: 'Filter', group: 'subscription', tooltip: 'Optional filter' }),
    prefetch: p.number({ label: 'Prefetch', group: 'subscription', default: 10 }),
    durable: p.boolean({ label: 'Durable', group: 'subscription', default: false }),
    arguments: p.json({ label: 'Arguments', group: 'subscription' }),
    protocol: p.hidden({ value: 'amqp' }),
  },
  activate: () => {},
});

const byId = (t: ElementTemplate, id: string): TemplateProperty => {
  const found = t.properties.find((x) => x.id === id);
  if (!found) throw new Error(`no property "${id}" in ${t.id}`);
  return found;
};
const byBinding = (t: ElementTemplate, type: string, name: string) =>
  t.properties.filter((x) => x.binding.type === type && ('name' in x.binding ? x.binding.name : 'key' in x.binding ? x.binding.key : x.binding.property) === name);

/**
 * Warnings the schema validator gives for correct templates:
 * - `optional` on a `zeebe:input` is deprecated for Camunda 8.8+, but needed for the ^8.6 default target;
 * - "Value is deprecated" on every `feel: required` value, even one starting with `=` (a validator
 *   false positive: the deprecated branch of a `oneOf` reports although it does not match).
 */
function acceptedWarning(t: ElementTemplate, w: ValidationIssue): boolean {
  if (/'optional' with 'zeebe:input' binding is deprecated/.test(w.message)) return true;
  const m = /^\/properties\/(\d+)\/value$/.exec(w.instancePath ?? '');
  const target = m ? t.properties[Number(m[1])] : undefined;
  return w.message === 'Value is deprecated' && target?.feel === 'required' && String(target.value).startsWith('=');
}

const allTemplates = () => [...generateTemplates(outbound), ...generateTemplates(inbound)];

describe('generated templates pass the element template schema', () => {
  it('uses the Camunda 8 schema the validator bundles', () => {
    expect(getZeebeSchemaVersion()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it.each(allTemplates().map((t) => [t.id, t] as const))('%s has no schema errors and no semantic issues', (_id, t) => {
    const result = validateZeebe(t);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    for (const w of result.warnings ?? []) expect(acceptedWarning(t, w), `${w.instancePath}: ${w.message}`).toBe(true);
    expect(checkTemplate(t)).toEqual([]);
  });

  it('produces one outbound and five inbound templates', () => {
    expect(generateTemplates(outbound)).toHaveLength(1);
    expect(generateTemplates(inbound).map((t) => t.id)).toEqual(ALL_INBOUND_ELEMENTS.map((e) => `io.connectorkit.test.Inbound.${e}`));
  });
});

describe('outbound template', () => {
  const [t] = generateTemplates(outbound);

  it('has the top-level fields Modeler needs', () => {
    expect(t).toMatchObject({
      $schema: 'https://unpkg.com/@camunda/zeebe-element-templates-json-schema/resources/schema.json',
      name: 'Test outbound',
      id: 'io.connectorkit.test.Outbound',
      version: 3,
      description: 'Calls a test API',
      documentationRef: 'https://example.com/docs/test-outbound',
      keywords: ['test', 'api'],
      category: { id: 'connectors', name: 'Connectors' },
      appliesTo: ['bpmn:Task'],
      elementType: { value: 'bpmn:ServiceTask' },
      engines: { camunda: '^8.6' },
    });
    expect(t.groups.map((g) => g.id)).toEqual(['authentication', 'request', 'output', 'error', 'retries']);
    expect(t.groups[1]).toEqual({ id: 'request', label: 'Request', tooltip: 'What to send' });
    expect(t.icon!.contents.startsWith('data:image/svg+xml;base64,')).toBe(true);
    expect(Buffer.from(t.icon!.contents.split(',')[1]!, 'base64').toString('utf8')).toBe(SVG);
  });

  it('binds the job type first', () => {
    expect(t.properties[0]).toEqual({
      id: 'taskDefinitionType',
      type: 'Hidden',
      value: 'io.connectorkit:test-outbound:1',
      binding: { type: 'zeebe:taskDefinition', property: 'type' },
    });
  });

  it('maps every connector property to a zeebe:input of the same (dotted) name', () => {
    const inputs = t.properties.filter((x) => x.binding.type === 'zeebe:input');
    expect(inputs.map((x) => x.id)).toEqual(Object.keys(outbound.properties));
    for (const x of inputs) expect(x.binding).toEqual({ type: 'zeebe:input', name: x.id });
    expect(byId(t, 'authentication.token').binding).toEqual({ type: 'zeebe:input', name: 'authentication.token' });
  });

  it('writes each property kind with its type, value, feel, constraints and condition', () => {
    expect(byId(t, 'authentication.token')).toEqual({
      id: 'authentication.token',
      label: 'Bearer token',
      group: 'authentication',
      type: 'String',
      feel: 'optional',
      secret: true,
      constraints: { notEmpty: true },
      condition: { property: 'authentication.type', equals: 'bearer' },
      binding: { type: 'zeebe:input', name: 'authentication.token' },
    });
    expect(byId(t, 'authentication.username')).toMatchObject({
      type: 'String',
      optional: true,
      constraints: { notEmpty: false, minLength: 1, maxLength: 64 },
      condition: { property: 'authentication.type', oneOf: ['basic'] },
    });
    expect(byId(t, 'url')).toMatchObject({
      label: 'URL',
      description: 'Address of the endpoint',
      tooltip: 'Must start with http:// or https://',
      placeholder: 'https://api.example.com/items',
      type: 'String',
      feel: 'optional',
      constraints: { notEmpty: true, pattern: { value: '^(=|https?://).*', message: 'must be an http(s) URL' } },
    });
    expect(byId(t, 'url').optional).toBeUndefined();
    expect(byId(t, 'method')).toEqual({
      id: 'method',
      label: 'Method',
      group: 'request',
      type: 'Dropdown',
      value: 'GET',
      constraints: { notEmpty: true },
      choices: [
        { name: 'GET', value: 'GET' },
        { name: 'POST', value: 'POST' },
        { name: 'PUT', value: 'PUT' },
      ],
      binding: { type: 'zeebe:input', name: 'method' },
    });
    expect(byId(t, 'authentication.type').choices!.map((c) => c.value)).toEqual(['none', 'bearer', 'basic']);
    expect(byId(t, 'sendBody')).toMatchObject({ type: 'Boolean', value: true, feel: 'static' });
    expect(byId(t, 'body')).toMatchObject({
      type: 'Text',
      optional: true,
      feel: 'optional',
      language: 'json',
      constraints: { notEmpty: false, minLength: 2, maxLength: 10000 },
      condition: {
        allMatch: [
          { property: 'method', oneOf: ['POST', 'PUT'] },
          { property: 'sendBody', equals: true },
        ],
      },
    });
    expect(byId(t, 'timeout')).toMatchObject({ type: 'Number', value: 20, feel: 'static', optional: true });
    expect(byId(t, 'headers')).toMatchObject({ type: 'Text', value: '={}', feel: 'required', optional: true });
    expect(byId(t, 'apiVersion')).toEqual({ id: 'apiVersion', type: 'Hidden', value: 'v2', binding: { type: 'zeebe:input', name: 'apiVersion' } });
    // A hidden number is written as FEEL so the job variable arrives as a number.
    expect(byId(t, 'maxRedirects').value).toBe('=3');
  });

  it('adds the task headers the runtime reads', () => {
    expect(byId(t, 'resultVariable')).toMatchObject({ type: 'String', group: 'output', binding: { type: 'zeebe:taskHeader', key: 'resultVariable' } });
    expect(byId(t, 'resultExpression')).toMatchObject({
      type: 'Text',
      feel: 'required',
      group: 'output',
      binding: { type: 'zeebe:taskHeader', key: 'resultExpression' },
    });
    expect(byId(t, 'errorExpression')).toMatchObject({
      type: 'Text',
      feel: 'required',
      group: 'error',
      binding: { type: 'zeebe:taskHeader', key: 'errorExpression' },
    });
    expect(byId(t, 'retryCount')).toMatchObject({ value: '5', group: 'retries', binding: { type: 'zeebe:taskDefinition', property: 'retries' } });
    const backoff = byId(t, 'retryBackoff');
    expect(backoff).toMatchObject({ type: 'String', value: 'PT30S', group: 'retries', binding: { type: 'zeebe:taskHeader', key: 'retryBackoff' } });
    // The job timeout, as Camunda's stock templates offer it: optional, a task header the runtime honours.
    expect(byId(t, 'jobTimeout')).toMatchObject({ type: 'String', optional: true, group: 'retries', binding: { type: 'zeebe:taskHeader', key: 'jobTimeout' } });
    const pattern = new RegExp(backoff.constraints!.pattern!.value);
    for (const ok of ['PT0S', 'PT30S', 'PT1.5S', 'P1DT2H', 'P2W']) expect(pattern.test(ok)).toBe(true);
    for (const bad of ['', 'P', 'PT', '30s', 'P1Y', 'PT5']) expect(pattern.test(bad)).toBe(false);
    expect(byId(t, 'elementTemplateId')).toEqual({
      id: 'elementTemplateId',
      type: 'Hidden',
      value: 'io.connectorkit.test.Outbound',
      binding: { type: 'zeebe:taskHeader', key: 'elementTemplateId' },
    });
    expect(byId(t, 'elementTemplateVersion')).toMatchObject({ type: 'Hidden', value: '3', binding: { type: 'zeebe:taskHeader', key: 'elementTemplateVersion' } });
  });

  it('takes a job type override', () => {
    const [o] = generateTemplates(outbound, { jobType: 'my-own:rest:1' });
    expect(o!.properties[0]!.value).toBe('my-own:rest:1');
    expect(byBinding(o!, 'zeebe:taskDefinition', 'type')).toHaveLength(1);
    expect(validateZeebe(o).errors).toBeNull();
  });
});

describe('inbound templates', () => {
  const templates = generateTemplates(inbound);
  const get = (element: string) => templates.find((t) => t.id === `io.connectorkit.test.Inbound.${element}`)!;

  it('targets the right BPMN element each', () => {
    expect(templates.map((t) => [t.name, t.appliesTo, t.elementType])).toEqual([
      ['Test inbound (Start event)', ['bpmn:StartEvent'], { value: 'bpmn:StartEvent' }],
      ['Test inbound (Message start event)', ['bpmn:StartEvent'], { value: 'bpmn:StartEvent', eventDefinition: 'bpmn:MessageEventDefinition' }],
      [
        'Test inbound (Intermediate catch event)',
        ['bpmn:IntermediateCatchEvent', 'bpmn:IntermediateThrowEvent'],
        { value: 'bpmn:IntermediateCatchEvent', eventDefinition: 'bpmn:MessageEventDefinition' },
      ],
      ['Test inbound (Boundary event)', ['bpmn:BoundaryEvent'], { value: 'bpmn:BoundaryEvent', eventDefinition: 'bpmn:MessageEventDefinition' }],
      ['Test inbound (Receive task)', ['bpmn:ReceiveTask'], { value: 'bpmn:ReceiveTask' }],
    ]);
    for (const t of templates) {
      expect(t.version).toBe(2);
      expect(t.icon!.contents).toBe(inbound.icon);
    }
  });

  it('binds inbound.type and the connector properties as zeebe:property', () => {
    for (const t of templates) {
      expect(t.properties[0]).toEqual({
        id: 'inbound.type',
        type: 'Hidden',
        value: 'io.connectorkit:test-inbound:1',
        binding: { type: 'zeebe:property', name: 'inbound.type' },
      });
      expect(t.properties.some((x) => x.binding.type === 'zeebe:input' || x.binding.type === 'zeebe:taskHeader')).toBe(false);
      for (const key of Object.keys(inbound.properties)) expect(byId(t, key).binding).toEqual({ type: 'zeebe:property', name: key });
      expect(byId(t, 'authentication.password')).toMatchObject({
        secret: true,
        constraints: { notEmpty: true },
        condition: { property: 'authentication.mode', equals: 'credentials' },
      });
      // Inbound properties are strings: no `static` FEEL on numbers and booleans.
      expect(byId(t, 'prefetch')).toMatchObject({ type: 'Number', value: 10, optional: true });
      expect(byId(t, 'prefetch').feel).toBeUndefined();
      expect(byId(t, 'durable')).toMatchObject({ type: 'Boolean', value: false });
      expect(byId(t, 'protocol').value).toBe('amqp');
    }
  });

  it('adds activation, deduplication and output properties under the stock names', () => {
    for (const t of templates) {
      expect(byId(t, 'activationCondition')).toMatchObject({ feel: 'required', optional: true, binding: { type: 'zeebe:property', name: 'activationCondition' } });
      expect(byId(t, 'consumeUnmatchedEvents')).toMatchObject({ type: 'Boolean', value: true });
      expect(byId(t, 'deduplicationModeManualFlag')).toMatchObject({ type: 'Boolean', value: false });
      expect(byId(t, 'deduplicationId')).toMatchObject({
        constraints: { pattern: { value: '^[a-zA-Z0-9_-]+$' } },
        condition: { property: 'deduplicationModeManualFlag', equals: true },
      });
      expect(byBinding(t, 'zeebe:property', 'deduplicationMode').map((x) => [x.value, x.condition])).toEqual([
        ['MANUAL', { property: 'deduplicationId', isActive: true }],
        ['AUTO', { property: 'deduplicationId', isActive: false }],
      ]);
      expect(byId(t, 'resultVariable').binding).toEqual({ type: 'zeebe:property', name: 'resultVariable' });
      expect(byId(t, 'resultExpression')).toMatchObject({ type: 'Text', feel: 'required', binding: { type: 'zeebe:property', name: 'resultExpression' } });
    }
  });

  it('correlates every element but the none start event', () => {
    const start = get('start');
    expect(start.groups.map((g) => g.id)).toEqual(['authentication', 'subscription', 'activation', 'deduplication', 'output']);
    expect(start.properties.some((x) => x.binding.type.startsWith('bpmn:Message'))).toBe(false);
    expect(byBinding(start, 'zeebe:property', 'correlationKeyExpression')).toEqual([]);

    for (const element of ['message-start', 'intermediate', 'boundary', 'receive']) {
      const t = get(element);
      expect(t.groups.map((g) => g.id)).toContain('correlation');
      expect(byId(t, 'messageNameUuid')).toMatchObject({ generatedValue: { type: 'uuid' }, binding: { type: 'bpmn:Message#property', name: 'name' } });
      expect(byId(t, 'messageNameUuid').value).toBeUndefined();
      expect(byId(t, 'correlationKeyPayload')).toMatchObject({ feel: 'required', binding: { type: 'zeebe:property', name: 'correlationKeyExpression' } });
      expect(byId(t, 'messageIdExpression')).toMatchObject({ feel: 'required', optional: true, binding: { type: 'zeebe:property', name: 'messageIdExpression' } });
      expect(byId(t, 'messageTtl')).toMatchObject({ optional: true, constraints: { notEmpty: false, pattern: { value: '^(PT.*|)$' } } });
      expect(byId(t, 'correlationKeyProcess')).toMatchObject({
        feel: 'required',
        binding: { type: 'bpmn:Message#zeebe:subscription#property', name: 'correlationKey' },
      });
    }
    // A message start event has a subscription correlation key only inside an event subprocess.
    const ms = get('message-start');
    expect(byId(ms, 'correlationRequired')).toMatchObject({ type: 'Dropdown', value: 'notRequired', binding: { type: 'zeebe:property', name: 'correlationRequired' } });
    expect(byId(ms, 'correlationKeyProcess').condition).toEqual({ property: 'correlationRequired', equals: 'required' });
    expect(byId(get('intermediate'), 'correlationKeyProcess').condition).toBeUndefined();
  });

  it('generates only the elements a connector supports', () => {
    const polling = defineInbound({ ...inbound, kind: 'polling', poll: () => ({ items: [], cursor: null }), elements: ['boundary', 'intermediate', 'boundary'] });
    expect(generateTemplates(polling).map((t) => t.id)).toEqual(['io.connectorkit.test.Inbound.intermediate', 'io.connectorkit.test.Inbound.boundary']);
  });
});

describe('output', () => {
  it('is deterministic', () => {
    const a = allTemplates().map(serializeTemplate);
    const b = allTemplates().map(serializeTemplate);
    expect(a).toEqual(b);
    expect(a.join('')).not.toMatch(/\d{4}-\d{2}-\d{2}T/); // no timestamps
    expect(a[0]!.endsWith('}\n')).toBe(true);
    expect(JSON.parse(a[0]!)).toEqual(generateTemplates(outbound)[0]);
  });

  it('gives stable file names', () => {
    expect(templateFileName({ id: 'io.connectorkit.test.Outbound' })).toBe('io.connectorkit.test.Outbound.json');
    expect(templateFileName({ id: 'io.connectorkit.test.Inbound.message-start' })).toBe('io.connectorkit.test.Inbound.message-start.json');
    expect(templateFileName({ id: 'io.camunda:x/y' })).toBe('io.camunda_x_y.json');
  });

  it('turns raw SVG into a data URI and keeps a data URI', () => {
    expect(iconContents(`  ${SVG}\n`)).toBe(`data:image/svg+xml;base64,${Buffer.from(SVG).toString('base64')}`);
    expect(iconContents('data:image/png;base64,AAAA')).toBe('data:image/png;base64,AAAA');
  });
});

describe('the checks can fail', () => {
  const [good] = generateTemplates(outbound);
  const copy = (): ElementTemplate => JSON.parse(JSON.stringify(good));

  it('the schema validator rejects a template broken after generation', () => {
    const noChoices = copy();
    delete byId(noChoices, 'method').choices;
    expect(validateZeebe(noChoices).valid).toBe(false);

    const feelOnHidden = copy();
    byId(feelOnHidden, 'apiVersion').feel = 'optional';
    const result = validateZeebe(feelOnHidden);
    expect(result.valid).toBe(false);
    expect(result.errors!.map((e) => e.message).join('\n')).toMatch(/feel is only supported/);

    const optionalTaskDefinition = copy();
    byId(optionalTaskDefinition, 'retryCount').optional = true;
    expect(validateZeebe(optionalTaskDefinition).valid).toBe(false);
  });

  it('checkTemplate rejects a dropdown default outside its choices (the schema cannot see it)', () => {
    const broken = copy();
    byId(broken, 'method').value = 'DELETE';
    expect(checkTemplate(broken)).toEqual(['property "method": value "DELETE" is not one of its choices']);
  });

  it('checkTemplate rejects dangling conditions, unknown groups and duplicate ids', () => {
    const broken = copy();
    byId(broken, 'url').condition = { property: 'nope', equals: 'x' };
    byId(broken, 'timeout').group = 'missing';
    byId(broken, 'body').condition = { property: 'method', equals: 'PATCH' };
    broken.properties.push({ ...byId(broken, 'sendBody') });
    expect(checkTemplate(broken)).toEqual([
      `property id "sendBody" is used twice (properties[${broken.properties.length - 1}])`,
      'property "url": condition names property "nope", which does not exist',
      'property "body": condition expects "PATCH" from dropdown "method", which is not one of its choices',
      'property "timeout": group "missing" is not declared',
      'binding zeebe:input:sendBody is written by 2 properties, not all of them behind a condition',
    ]);
  });

  it('generateTemplates refuses a connector whose conditions name no property', () => {
    const bad = defineOutbound({
      id: 'io.connectorkit.test.Bad',
      name: 'Bad',
      version: 1,
      type: 'bad:1',
      properties: { a: p.text({ label: 'A', condition: { property: 'b', equals: 'x' } }) },
      execute: () => null,
    });
    expect(() => generateTemplates(bad)).toThrow(/condition names property "b", which does not exist/);
  });
});
