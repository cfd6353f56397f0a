import type { WebhookRequest, WebhookResponse } from '@connectorkit/sdk';

/** A running webhook connector, as the HTTP server sees it. */
export interface WebhookTarget {
  /** Deduplication id of the running connector. */
  readonly id: string;
  /** Which process and element own the context, for a conflict message. */
  describe(): string;
  handle(request: WebhookRequest): Promise<WebhookResponse>;
}

/** Webhook contexts are letters, digits, `-` and `_` (Camunda's rule), so a path never escapes `/inbound/`. */
export const CONTEXT_PATTERN = /^[A-Za-z0-9]+([-_][A-Za-z0-9]+)*$/;

export class WebhookConflictError extends Error {
  override readonly name = 'WebhookConflictError';
}

/** Which running connector answers `/inbound/<context>`: one owner per context. */
export class WebhookRouter {
  private readonly routes = new Map<string, WebhookTarget>();

  /**
   * Makes `target` answer `context`. Refused (with the owner named) while another connector owns
   * it, unless `mayReplace(owner)` says the owner is being replaced (a new process version): then
   * the route moves at once, with no moment where the context answers 404.
   */
  claim(context: string, target: WebhookTarget, mayReplace: (owner: WebhookTarget) => boolean = () => false): void {
    if (!CONTEXT_PATTERN.test(context)) {
      throw new WebhookConflictError(`webhook context '${context}' may use only letters, digits, and single '-' or '_' between them`);
    }
    const owner = this.routes.get(context);
    if (owner && owner !== target && !mayReplace(owner)) {
      throw new WebhookConflictError(`webhook context '${context}' is already served by ${owner.describe()}`);
    }
    this.routes.set(context, target);
  }

  /** Frees `context` if `target` still owns it. */
  release(context: string, target: WebhookTarget): void {
    if (this.routes.get(context) === target) this.routes.delete(context);
  }

  get(context: string): WebhookTarget | undefined {
    return this.routes.get(context);
  }

  contexts(): string[] {
    return [...this.routes.keys()].sort();
  }
}
