import { engineTargetFromEnv } from './target.js';
import type { EngineTarget } from './types.js';
import { withTimeout } from './timeout.js';

/** One file to deploy: its name (shown by the engine and Modeler) and content. */
export interface DeployFile {
  name: string;
  content: Buffer;
}

/** What the engine made of one resource of a deployment. */
export type DeployedResource =
  | { kind: 'process'; id: string; version: number; key: string; resourceName: string }
  | { kind: 'decision'; id: string; version: number; key: string; resourceName?: string; name?: string }
  | { kind: 'decision-requirements'; id: string; version: number; key: string; resourceName: string }
  | { kind: 'form'; id: string; version: number; key: string; resourceName: string };

export interface DeployResult {
  /** Key of the deployment. */
  key: string;
  tenantId?: string;
  resources: DeployedResource[];
  target: EngineTarget;
}

/** The engine did not answer (address, reason) or refused the deployment (reason from the engine). */
export class DeployError extends Error {
  override readonly name = 'DeployError';
  constructor(
    readonly code: 'ENGINE_UNREACHABLE' | 'DEPLOY_REJECTED',
    message: string,
  ) {
    super(message);
  }
}

export interface DeployOptions {
  /** How long to wait for the engine's first answer (ms). Default 10000. */
  connectTimeoutMs?: number;
  tenantId?: string;
}


const reason = (e: unknown): string =>
  (e instanceof Error ? e.message : String(e)).split('\n')[0]!.replace(/\s*Resolution note:.*$/, '');

interface RawDeployment {
  process?: { bpmnProcessId: string; version: number; processDefinitionKey: string; resourceName: string } | null;
  decision?: { dmnDecisionId: string; dmnDecisionName?: string; version: number; decisionKey: string } | null;
  decisionRequirements?: { dmnDecisionRequirementsId: string; version: number; decisionRequirementsKey: string; resourceName: string } | null;
  form?: { formId: string; version: number; formKey: string; resourceName: string } | null;
}

/**
 * Deploys BPMN, DMN and form files in one deployment (all or nothing) through the SDK's Zeebe gRPC
 * client, configured by the same environment variables as the runtime. Probes the engine first,
 * so an engine that does not answer fails within `connectTimeoutMs` instead of retrying forever.
 */
export async function deployResources(files: readonly DeployFile[], options: DeployOptions = {}): Promise<DeployResult> {
  const { Camunda8 } = await import('@camunda8/sdk');
  const target = engineTargetFromEnv();
  const zb = new Camunda8({
    zeebeGrpcSettings: { ZEEBE_GRPC_CLIENT_RETRY: false, ZEEBE_CLIENT_LOG_LEVEL: 'NONE' },
  }).getZeebeGrpcApiClient();
  const timeoutMs = options.connectTimeoutMs ?? 10_000;
  try {
    try {
      await withTimeout(zb.topology(), timeoutMs, () => new Error(`no answer within ${timeoutMs} ms`));
    } catch (e) {
      throw new DeployError('ENGINE_UNREACHABLE', `the engine at ${target.address} (auth ${target.authStrategy}) does not answer: ${reason(e)}`);
    }
    const extension = (name: string) => name.toLowerCase().slice(name.lastIndexOf('.'));
    const resources = files.map((f) => {
      const ext = extension(f.name);
      if (ext === '.dmn') return { name: f.name, decision: f.content };
      if (ext === '.form') return { name: f.name, form: f.content };
      return { name: f.name, process: f.content };
    });
    let response: { key: string; tenantId?: string; deployments: unknown[] };
    try {
      response = await withTimeout(zb.deployResources(resources, options.tenantId), 60_000, () => new Error('no answer within 60 s'));
    } catch (e) {
      throw new DeployError('DEPLOY_REJECTED', `the engine at ${target.address} refused the deployment: ${reason(e)}`);
    }
    const out: DeployedResource[] = [];
    for (const d of response.deployments as RawDeployment[]) {
      if (d.process) out.push({ kind: 'process', id: d.process.bpmnProcessId, version: d.process.version, key: String(d.process.processDefinitionKey), resourceName: d.process.resourceName });
      else if (d.decision) {
        out.push({
          kind: 'decision',
          id: d.decision.dmnDecisionId,
          version: d.decision.version,
          key: String(d.decision.decisionKey),
          ...(d.decision.dmnDecisionName ? { name: d.decision.dmnDecisionName } : {}),
        });
      } else if (d.decisionRequirements) {
        out.push({
          kind: 'decision-requirements',
          id: d.decisionRequirements.dmnDecisionRequirementsId,
          version: d.decisionRequirements.version,
          key: String(d.decisionRequirements.decisionRequirementsKey),
          resourceName: d.decisionRequirements.resourceName,
        });
      } else if (d.form) out.push({ kind: 'form', id: d.form.formId, version: d.form.version, key: String(d.form.formKey), resourceName: d.form.resourceName });
    }
    return { key: String(response.key), ...(response.tenantId ? { tenantId: response.tenantId } : {}), resources: out, target };
  } finally {
    await zb.close(2000).catch(() => undefined);
  }
}
