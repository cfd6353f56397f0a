export { calculator } from './calculator.js';
export { lookup } from './lookup.js';
export { unreliable, unreliableCalls } from './unreliable.js';
export { secretProbe } from './secret-probe.js';
export { slow } from './slow.js';
export { channels, source, sources, testPolling, testSubscription, type Source } from './inbound.js';
