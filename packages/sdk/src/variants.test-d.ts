import { describe, expectTypeOf, it } from 'vitest';
import { nested, withVariants } from '../test/variants-fixture.js';
import { defineOutbound, p, type InputOf } from './index.js';

type Input = InputOf<typeof withVariants.properties>;
type Auth = Input['authentication'];

describe('variant groups (p.variants) type the input as a union', () => {
  it('gives each variant its own fields, required ones non-optional', () => {
    expectTypeOf<Auth>().toEqualTypeOf<
      | { type: 'none' }
      | { type: 'basic'; username: string; password: string }
      | { type: 'bearer'; token: string }
      | { type: 'oauth-cc'; clientId: string; clientSecret: string; scopes?: string }
      | { type: 'oauth-refresh'; clientId: string; clientSecret?: string; refreshToken: string; scopes?: string }
    >();
    expectTypeOf<Input['url']>().toEqualTypeOf<string>();
  });

  it('narrows on the discriminator', () => {
    const use = (input: Input) => {
      const auth = input.authentication;
      if (auth.type === 'basic') {
        expectTypeOf(auth.username).toEqualTypeOf<string>();
        // @ts-expect-error: a field of another variant
        void auth.token;
      }
      if (input.authentication.type === 'oauth-refresh') {
        expectTypeOf(input.authentication.refreshToken).toEqualTypeOf<string>();
        expectTypeOf(input.authentication.clientSecret).toEqualTypeOf<string | undefined>();
      }
    };
    void use;
  });

  it('adds a member without the discriminator when it may be absent (no default, nothing to infer it from)', () => {
    const fields = { 'mail.subject': { in: ['text'], property: p.text({ label: 'Subject', required: true }) } } as const;
    const choices = [
      { name: 'Text', value: 'text' },
      { name: 'Template', value: 'template' },
    ] as const;
    const _open = { ...p.variants({ discriminator: 'mail.kind', label: 'Kind', choices, fields }) };
    expectTypeOf<InputOf<typeof _open>['mail']>().toEqualTypeOf<
      // Nothing set at all: validation binds nothing under `mail`.
      { kind: 'text'; subject: string } | { kind: 'template' } | { kind?: undefined; subject?: string } | undefined
    >();

    const _inferred = { ...p.variants({ discriminator: 'kind', label: 'Kind', choices, fields, infer: () => 'text' }) };
    expectTypeOf<InputOf<typeof _inferred>['kind']>().toEqualTypeOf<'text' | 'template'>();
  });

  it('types execute(ctx) with the union', () => {
    defineOutbound({
      id: 'v',
      name: 'v',
      version: 1,
      type: 'v',
      properties: {
        ...p.variants({
          discriminator: 'mode',
          label: 'Mode',
          default: 'a',
          choices: [
            { name: 'A', value: 'a' },
            { name: 'B', value: 'b' },
          ],
          fields: { count: { in: ['b'], property: p.number({ label: 'Count', required: true }) } },
        }),
        name: p.text({ label: 'Name' }),
      },
      execute({ input }) {
        expectTypeOf(input).toEqualTypeOf<{ mode: 'a'; name?: string } | { mode: 'b'; count: number; name?: string }>();
        return input.mode === 'b' ? input.count : 0;
      },
    });
  });
});

describe('nested variant groups', () => {
  it('type the inner union inside the outer variant', () => {
    type Nested = InputOf<typeof nested>;
    expectTypeOf<Nested>().toEqualTypeOf<
      | { method: 'post'; token: string; data: { channel: string; messageType: 'plain'; text: string } }
      | { method: 'post'; token: string; data: { channel: string; messageType: 'blocks'; blocks: unknown } }
      | { method: 'create'; token: string; data: { name: string } }
    >();
  });
});
