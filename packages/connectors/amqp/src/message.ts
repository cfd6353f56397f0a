import type { ConsumeMessage } from 'amqplib';

/** AMQP basic properties as the process sees them; absent ones are left out (as Camunda's connector does). */
export interface MessageProperties {
  contentType?: string;
  contentEncoding?: string;
  headers?: Record<string, unknown>;
  deliveryMode?: number;
  priority?: number;
  correlationId?: string;
  replyTo?: string;
  expiration?: string;
  messageId?: string;
  /** ISO-8601 instant (AMQP carries seconds since the epoch). */
  timestamp?: string;
  type?: string;
  userId?: string;
  appId?: string;
  clusterId?: string;
}

/** The variables one message is correlated with: Camunda's `RabbitMqInboundResult` shape. */
export interface MessageVariables {
  [key: string]: unknown;
  message: { consumerTag: string; body: unknown; properties: MessageProperties };
}

/** The body as JSON when it parses as JSON (objects, lists, numbers, booleans, strings), else its UTF-8 text. */
export function parseBody(content: Buffer): unknown {
  const text = content.toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Header values as plain JSON: byte strings become text, nested tables and lists are converted too. */
function headerValue(value: unknown): unknown {
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  if (Array.isArray(value)) return value.map(headerValue);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, headerValue(v)]));
  }
  return value;
}

const TEXT_FIELDS = ['contentType', 'contentEncoding', 'correlationId', 'replyTo', 'expiration', 'messageId', 'type', 'userId', 'appId', 'clusterId'] as const;

export function messageProperties(msg: ConsumeMessage): MessageProperties {
  const raw = msg.properties;
  const out: MessageProperties = {};
  for (const field of TEXT_FIELDS) {
    const v: unknown = raw[field];
    if (v !== undefined && v !== null) out[field] = String(v);
  }
  if (raw.headers !== undefined && raw.headers !== null) out.headers = headerValue(raw.headers) as Record<string, unknown>;
  if (typeof raw.deliveryMode === 'number') out.deliveryMode = raw.deliveryMode;
  if (typeof raw.priority === 'number') out.priority = raw.priority;
  if (typeof raw.timestamp === 'number') out.timestamp = new Date(raw.timestamp * 1000).toISOString();
  return out;
}

export function messageVariables(msg: ConsumeMessage): MessageVariables {
  return {
    message: {
      consumerTag: msg.fields.consumerTag,
      body: parseBody(msg.content),
      properties: messageProperties(msg),
    },
  };
}
