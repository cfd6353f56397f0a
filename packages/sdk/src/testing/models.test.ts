import { describe, expect, it } from 'vitest';
import { catchModel, messageStartModel, startModel, stockWebhookProperties, taskModel } from './models.js';

describe('test models', () => {
  it('carry the inbound properties escaped, the message and its subscription key', () => {
    const start = startModel('p1', stockWebhookProperties('orders', { resultExpression: '={a: "x & y"}' }));
    expect(start).toContain('<zeebe:property name="inbound.context" value="orders" />');
    expect(start).toContain('value="={a: &quot;x &amp; y&quot;}"');
    const msg = messageStartModel('p2', 'hello', { 'inbound.type': 't:1' });
    expect(msg).toMatch(/<bpmn:messageEventDefinition messageRef="msg" \/>[\s\S]*<bpmn:message id="msg" name="hello" \/>/);
    expect(catchModel('p3', 'paid', { 'inbound.type': 't:1' }, '=id')).toContain('<zeebe:subscription correlationKey="=id" />');
    expect(taskModel('p4', 'io.camunda:http-json:1')).toContain('<zeebe:taskDefinition type="io.camunda:http-json:1" />');
    expect(startModel('p5')).not.toContain('zeebe:properties');
  });
});
