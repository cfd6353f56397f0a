import { defineOutbound, p } from '@connectorkit/sdk';

/** Takes `delayMs` (default 1500) and then completes; stops early, failing, when its signal fires. */
export const slow = defineOutbound({
  id: 'e2e.slow',
  name: 'E2E slow',
  version: 1,
  type: 'e2e:slow:1',
  properties: {
    delayMs: p.number({ label: 'Delay (ms)', default: 1500 }),
  },
  execute: ({ input, signal }) =>
    new Promise<{ sleptMs: number }>((resolve, reject) => {
      const timer = setTimeout(() => resolve({ sleptMs: input.delayMs }), input.delayMs);
      signal.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(new Error('aborted'));
      });
    }),
});
