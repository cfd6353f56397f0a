import { describe, expectTypeOf, it } from 'vitest';
import { everyKind } from '../test/fixtures.js';
import { defineInbound, defineOutbound, p, type InputOf, type OutboundContext } from './index.js';

type EveryInput = InputOf<typeof everyKind.properties>;

describe('inferred input types', () => {
  it('nests dotted names, makes required and defaulted fields non-optional, conditional ones optional', () => {
    expectTypeOf<EveryInput>().toEqualTypeOf<{
      authentication: {
        type: 'none' | 'bearer' | 'basic';
        token?: string;
        username?: string;
      };
      url: string;
      note?: string;
      timeout: number;
      limit?: number;
      followRedirects: boolean;
      verbose?: boolean;
      mode: 'strict';
      headers?: Record<string, string>;
      body?: unknown;
    }>();
  });

  it('types execute(ctx) from the properties without casts', () => {
    defineOutbound({
      id: 'x',
      name: 'x',
      version: 1,
      type: 'x',
      properties: {
        method: p.dropdown({ label: 'Method', required: true, choices: [{ name: 'GET', value: 'GET' }, { name: 'POST', value: 'POST' }] }),
        'a.b.c': p.number({ label: 'Deep', required: true }),
        maybe: p.text({ label: 'Maybe' }),
      },
      execute(ctx) {
        expectTypeOf(ctx.input.method).toEqualTypeOf<'GET' | 'POST'>();
        expectTypeOf(ctx.input.a.b.c).toEqualTypeOf<number>();
        expectTypeOf(ctx.input.maybe).toEqualTypeOf<string | undefined>();
        // @ts-expect-error: not a declared property
        void ctx.input.other;
        return 1;
      },
    });
  });

  it('types the properties of an inbound connector', () => {
    defineInbound({
      id: 'y',
      name: 'y',
      version: 1,
      type: 'y',
      kind: 'subscription',
      properties: { queue: p.text({ label: 'Queue', required: true }), prefetch: p.number({ label: 'Prefetch', default: 10 }) },
      activate(ctx) {
        expectTypeOf(ctx.properties).toEqualTypeOf<{ queue: string; prefetch: number }>();
      },
    });
  });

  it('gives execute an OutboundContext of the inferred input', () => {
    expectTypeOf(everyKind.execute).parameter(0).toEqualTypeOf<OutboundContext<EveryInput>>();
  });
});
