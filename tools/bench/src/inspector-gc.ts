/**
 * Forces a full garbage collection in another node process through its inspector
 * (`node --inspect=127.0.0.1:0`): `HeapProfiler.collectGarbage` over the inspector's WebSocket,
 * with a minimal WebSocket client (one masked text frame out, frames in until the answer), so no
 * package is needed. Loopback only; bounded by a timeout.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';

/** The inspector's WebSocket URL from the process's log (`Debugger listening on ws://...`), if it printed one. */
export function inspectorUrl(logFile: string): string | undefined {
  const m = /Debugger listening on (ws:\/\/127\.0\.0\.1:\d+\/[\w-]+)/.exec(readFileSync(logFile, 'utf8'));
  return m?.[1];
}

function frame(text: string): Buffer {
  const payload = Buffer.from(text);
  const mask = randomBytes(4);
  const len = payload.length;
  const head = len < 126 ? Buffer.from([0x81, 0x80 | len]) : Buffer.from([0x81, 0x80 | 126, len >> 8, len & 0xff]);
  const body = Buffer.alloc(len);
  for (let i = 0; i < len; i++) body[i] = payload[i]! ^ mask[i % 4]!;
  return Buffer.concat([head, mask, body]);
}

/** Sends one inspector command and resolves with its raw answer text. */
export function inspectorCall(wsUrl: string, method: string, timeoutMs = 30_000): Promise<string> {
  const url = new URL(wsUrl);
  if (url.hostname !== '127.0.0.1') return Promise.reject(new Error(`not a loopback inspector: ${wsUrl}`));
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port: Number(url.port) });
    let buf = Buffer.alloc(0);
    let upgraded = false;
    const timer = setTimeout(() => finish(new Error(`no answer to ${method} within ${timeoutMs} ms`)), timeoutMs);
    const finish = (e: Error | undefined, text?: string) => {
      clearTimeout(timer);
      socket.destroy();
      if (e) reject(e);
      else resolve(text!);
    };
    socket.on('error', (e) => finish(e));
    socket.on('connect', () => {
      socket.write(
        `GET ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      );
    });
    socket.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      if (!upgraded) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        if (!/^HTTP\/1\.1 101/.test(buf.subarray(0, end).toString())) return finish(new Error('the inspector refused the WebSocket upgrade'));
        upgraded = true;
        buf = buf.subarray(end + 4);
        socket.write(frame(JSON.stringify({ id: 1, method })));
      }
      // Server frames are unmasked: FIN/opcode, length (7, 16 or 64 bits), payload.
      while (buf.length >= 2) {
        let len = buf[1]! & 0x7f;
        let off = 2;
        if (len === 126) {
          if (buf.length < 4) return;
          len = buf.readUInt16BE(2);
          off = 4;
        } else if (len === 127) {
          if (buf.length < 10) return;
          len = Number(buf.readBigUInt64BE(2));
          off = 10;
        }
        if (buf.length < off + len) return;
        const text = buf.subarray(off, off + len).toString();
        buf = buf.subarray(off + len);
        if (/"id":1[,}]/.test(text)) return finish(undefined, text);
      }
    });
  });
}

/** A full GC in the process whose inspector is at `wsUrl`. */
export async function collectGarbage(wsUrl: string): Promise<void> {
  const answer = await inspectorCall(wsUrl, 'HeapProfiler.collectGarbage');
  if (answer.includes('"error"')) throw new Error(`HeapProfiler.collectGarbage failed: ${answer}`);
}
