import { describe, expect, it } from 'vitest';
import { errorText, toEngineError } from './errors.js';

const grpc = (code: number, message: string, details = '') => Object.assign(new Error(message), { code, details });

describe('toEngineError', () => {
  it.each([
    [grpc(5, '5 NOT_FOUND: Command rejected'), 'JOB_NOT_FOUND'],
    [grpc(14, '14 UNAVAILABLE: No connection established'), 'ENGINE_UNREACHABLE'],
    [grpc(4, '4 DEADLINE_EXCEEDED: Deadline exceeded'), 'ENGINE_UNREACHABLE'],
    [grpc(8, '8 RESOURCE_EXHAUSTED: backpressure'), 'ENGINE_UNREACHABLE'],
    [grpc(8, '8 RESOURCE_EXHAUSTED: Received message larger than max (5242880 vs. 4194304)'), 'ENGINE_REJECTED'],
    [grpc(2, '2 UNKNOWN: Application error processing RPC'), 'ENGINE_REJECTED'],
    [grpc(3, '3 INVALID_ARGUMENT: bad'), 'ENGINE_REJECTED'],
    [new Error('2 UNKNOWN: Application error processing RPC'), 'ENGINE_REJECTED'],
  ])('%s is %s', (e, code) => {
    expect(toEngineError(e, 'completing job 1').code).toBe(code);
  });

  it('never gives an empty reason: the gRPC details, else the status', () => {
    expect(errorText(grpc(2, '', 'Application error processing RPC'))).toBe('Application error processing RPC');
    expect(errorText(grpc(2, ''))).toBe('gRPC status 2');
    expect(toEngineError(grpc(2, ''), 'completing job 1').message).toBe('completing job 1: gRPC status 2');
  });
});
