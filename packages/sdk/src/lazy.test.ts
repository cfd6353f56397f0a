import { describe, expect, it } from 'vitest';
import { lazyLoad, warmLazyLoads } from './lazy.js';

describe('lazyLoad', () => {
  it('loads on the first call only and returns the same value after', () => {
    let loads = 0;
    const get = lazyLoad('test: counter', () => ({ n: ++loads }));
    expect(loads).toBe(0);
    const first = get();
    expect(get()).toBe(first);
    expect(loads).toBe(1);
  });

  it('shares one promise between callers and tries again after a rejection', async () => {
    let attempts = 0;
    const get = lazyLoad('test: flaky import', async () => {
      attempts++;
      if (attempts === 1) throw new Error('Cannot find package');
      return 'client';
    });
    const a = get();
    expect(get()).toBe(a);
    await expect(a).rejects.toThrow('Cannot find package');
    await expect(get()).resolves.toBe('client');
    await expect(get()).resolves.toBe('client');
    expect(attempts).toBe(2);
  });

  it('retries a synchronous load that threw', () => {
    let attempts = 0;
    const get = lazyLoad('test: sync throw', () => {
      if (++attempts === 1) throw new Error('boom');
      return 42;
    });
    expect(() => get()).toThrow('boom');
    expect(get()).toBe(42);
  });
});

describe('warmLazyLoads', () => {
  it('loads what nobody has used yet, reports failures without throwing, and leaves loaded ones alone', async () => {
    const order: string[] = [];
    const used = lazyLoad('test: used already', () => order.push('used'));
    used();
    const pending = lazyLoad('test: pending', async () => {
      order.push('pending');
      return 'x';
    });
    lazyLoad('test: broken', () => {
      throw new Error('library missing');
    });
    const report = await warmLazyLoads();
    expect(order).toEqual(['used', 'pending']);
    expect(report.warmed.map((w) => w.name)).toContain('test: pending');
    expect(report.warmed.map((w) => w.name)).not.toContain('test: used already');
    expect(report.failed).toContainEqual({ name: 'test: broken', reason: 'library missing' });
    await expect(pending()).resolves.toBe('x');
    expect(order).toEqual(['used', 'pending']);
  });

  it('lets jobs run between loads', async () => {
    const seen: string[] = [];
    lazyLoad('test: first slow', () => seen.push('load 1'));
    lazyLoad('test: second slow', () => seen.push('load 2'));
    const warming = warmLazyLoads();
    setImmediate(() => seen.push('job'));
    await warming;
    expect(seen.indexOf('job')).toBeGreaterThan(-1);
    expect(seen.indexOf('job')).toBeLessThan(seen.indexOf('load 2'));
  });
});
