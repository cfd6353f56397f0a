import { ConnectorError, defineOutbound, p } from '@connectorkit/sdk';

/** Finds an item; ids starting with `missing` fail with the connector error NOT_FOUND (for `errorExpression`). */
export const lookup = defineOutbound({
  id: 'e2e.lookup',
  name: 'E2E lookup',
  version: 1,
  type: 'e2e:lookup:1',
  properties: {
    itemId: p.text({ label: 'Item id', required: true }),
  },
  execute: ({ input }) => {
    if (input.itemId.startsWith('missing')) {
      throw new ConnectorError('NOT_FOUND', `no item ${input.itemId}`, { variables: { missingId: input.itemId } });
    }
    return { name: `item ${input.itemId}` };
  },
});
