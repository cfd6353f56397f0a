import { defineOutbound, p } from '@connectorkit/sdk';

/** Adds and multiplies two numbers: for result mapping (`resultVariable`, `resultExpression`). */
export const calculator = defineOutbound({
  id: 'e2e.calculator',
  name: 'E2E calculator',
  version: 1,
  type: 'e2e:calculator:1',
  properties: {
    a: p.number({ label: 'A', required: true }),
    b: p.number({ label: 'B', required: true }),
  },
  execute: ({ input }) => ({ sum: input.a + input.b, product: input.a * input.b }),
});
