import type { CapabilityMatrix, CheckProgressState, CheckResult, CheckSuggestion, ModelType, ModelView } from '@model-garden/contracts/browser';

/**
 * How the studio reads a model's validation: four stages in the order the validator
 * runs them (connectivity, authentication, model, capabilities), each with its
 * checks, and what to do when one fails.
 */
export const STAGES = [
  { name: 'connectivity', title: 'Connectivity', description: 'Reaching the endpoint (DNS, TCP, TLS)' },
  { name: 'authentication', title: 'Authentication', description: 'The API key is accepted' },
  { name: 'model', title: 'Model', description: 'The model ID exists at the provider' },
  { name: 'capabilities', title: 'Capabilities', description: 'What the model can do for its type' },
] as const;

export type StageName = (typeof STAGES)[number]['name'];
export type StageState = 'waiting' | CheckProgressState;

/** One check as the studio shows it: finished (a result) or live (running, retrying). */
export interface StageCheck {
  name: string;
  state: CheckProgressState;
  latencyMs: number | null;
  httpStatus?: number;
  code?: string;
  message?: string;
  suggestion?: CheckSuggestion;
}

export interface Stage {
  name: StageName;
  title: string;
  description: string;
  state: StageState;
  checks: StageCheck[];
  /** Sum of the checks' latencies. */
  latencyMs: number | null;
}

const FIXED: readonly string[] = ['connectivity', 'authentication', 'model'];

export function stageOf(check: Pick<CheckResult, 'name'>): StageName {
  return FIXED.includes(check.name) ? (check.name as StageName) : 'capabilities';
}

function stateOf(checks: StageCheck[], live: boolean): StageState {
  if (checks.length === 0) return live ? 'waiting' : 'skip';
  const has = (state: CheckProgressState): boolean => checks.some((c) => c.state === state);
  if (has('retrying')) return 'retrying';
  if (has('fail')) return 'fail';
  if (has('running')) return 'running';
  if (has('warn')) return 'warn';
  if (has('pass')) return 'pass';
  return 'skip';
}

/** A finished check as a stage shows it. */
export function stageCheckOf(check: CheckResult): StageCheck {
  return { ...check, state: check.status, latencyMs: check.latencyMs };
}

/**
 * The stages of a model's latest validation. While the model is `validating`, its
 * `progress` (each check as it starts, finishes or is retried) fills the stages live;
 * before the first progress every stage waits (the first one running). Once the result
 * lands, each stage shows its checks.
 */
export function validationStages(model: Pick<ModelView, 'status' | 'validation'> & Partial<Pick<ModelView, 'progress'>>): Stage[] {
  const validating = model.status === 'validating';
  const progress = validating ? (model.progress ?? null) : null;
  const checks: StageCheck[] = progress
    ? progress.checks.map((c) => ({ ...c, latencyMs: c.latencyMs ?? null }))
    : validating
      ? []
      : (model.validation?.checks ?? []).map(stageCheckOf);
  return STAGES.map((stage, index) => {
    const own = checks.filter((c) => stageOf(c) === stage.name);
    const ran = own.filter((c) => c.state !== 'skip' && c.latencyMs !== null);
    const latency = ran.reduce((sum, c) => sum + (Number.isFinite(c.latencyMs) ? (c.latencyMs ?? 0) : 0), 0);
    return {
      ...stage,
      state: validating && !progress ? (index === 0 ? 'running' : 'waiting') : stateOf(own, validating),
      checks: own,
      latencyMs: ran.length > 0 ? latency : null,
    };
  });
}

/** "Attempt 1 of 5 failed; next attempt in 3 s" while a retry is scheduled, from the model's progress. */
export function retryCountdown(progress: Pick<NonNullable<ModelView['progress']>, 'attempt' | 'maxAttempts' | 'nextAttemptAt'> | null | undefined, now: number): string | null {
  if (!progress?.nextAttemptAt) return null;
  const seconds = Math.max(0, Math.ceil((Date.parse(progress.nextAttemptAt) - now) / 1000));
  const next = seconds === 0 ? 'next attempt starting' : `next attempt in ${seconds} s`;
  return `Attempt ${progress.attempt} of ${progress.maxAttempts} failed; ${next}.`;
}

const CAPABILITY_LABELS: Record<string, string> = {
  connectivity: 'Connectivity',
  authentication: 'Authentication',
  model: 'Model',
  chat: 'Chat',
  'chat.streaming': 'Streaming',
  'chat.stream_usage': 'Usage in streams',
  'chat.tools': 'Function calling',
  'chat.structured_output': 'Structured output (JSON schema)',
  'chat.vision': 'Vision (image input)',
  completion: 'Completion',
  embedding: 'Embeddings',
  image: 'Image generation',
};

export const checkLabel = (name: string): string => CAPABILITY_LABELS[name] ?? name;

export type AdviceAction = 'rotate' | 'edit' | 'revalidate';

export interface Advice {
  text: string;
  action: AdviceAction;
}

const ADVICE_BY_CODE: Record<string, Advice> = {
  outbound_address_forbidden: {
    text: "The base URL points to an address Model Garden may not call. Use the provider's public URL, or ask your operator to allowlist the host.",
    action: 'edit',
  },
  provider_unreachable: { text: 'Check the base URL (host, port, and a path that usually ends in /v1) and that the endpoint is up and reachable from Model Garden.', action: 'edit' },
  provider_redirect: { text: 'Use the final URL directly: Model Garden never follows redirects.', action: 'edit' },
  provider_timeout: { text: 'The endpoint answered too slowly. Check that it is up, then validate again.', action: 'revalidate' },
  provider_credential_invalid: { text: 'Check the API key with your provider (the right key, not expired, allowed to use this model), then rotate it here.', action: 'rotate' },
  provider_rate_limited: { text: 'The provider is rate-limiting this key. Wait a moment, then validate again.', action: 'revalidate' },
  provider_error: { text: "The provider answered with an error. Check its status page, then validate again.", action: 'revalidate' },
  provider_bad_response: { text: 'The endpoint did not answer like an OpenAI-compatible API. Check the base URL (it usually ends in /v1) and the model type.', action: 'edit' },
  model_not_found: { text: "Check the model ID against the provider's list of models.", action: 'edit' },
  capability_not_supported: { text: 'The model cannot do what its type needs. Choose the right type, or another model.', action: 'edit' },
};

const ADVICE_BY_STAGE: Record<StageName, Advice> = {
  connectivity: ADVICE_BY_CODE['provider_unreachable'] as Advice,
  authentication: ADVICE_BY_CODE['provider_credential_invalid'] as Advice,
  model: ADVICE_BY_CODE['model_not_found'] as Advice,
  capabilities: ADVICE_BY_CODE['capability_not_supported'] as Advice,
};

/** What to do about a failed check. */
export function adviceFor(check: Pick<CheckResult, 'name'> & { code?: string | undefined }): Advice {
  return (check.code !== undefined ? ADVICE_BY_CODE[check.code] : undefined) ?? ADVICE_BY_STAGE[stageOf(check)];
}

/** The first failed check of a finished validation. */
export function firstFailure(model: Pick<ModelView, 'status' | 'validation'>): CheckResult | undefined {
  if (model.status === 'validating') return undefined;
  return model.validation?.checks.find((c) => c.status === 'fail');
}

export interface CapabilityRow {
  key: keyof CapabilityMatrix;
  label: string;
  /** true / false when tested; undefined when not tested yet. */
  supported: boolean | undefined;
  detail?: string;
}

const MATRIX: Record<ModelType, readonly { key: keyof CapabilityMatrix; label: string }[]> = {
  chat: [
    { key: 'chat', label: 'Chat' },
    { key: 'streaming', label: 'Streaming' },
    { key: 'streamUsage', label: 'Usage in streams' },
    { key: 'functionCalling', label: 'Function calling' },
    { key: 'structuredOutput', label: 'Structured output' },
    { key: 'vision', label: 'Vision' },
  ],
  completion: [{ key: 'completion', label: 'Completion' }],
  embedding: [{ key: 'embedding', label: 'Embeddings' }],
  image: [{ key: 'imageGeneration', label: 'Image generation' }],
};

/** The capability matrix rows for a model's type. */
export function capabilityRows(type: ModelType, capabilities: CapabilityMatrix | undefined): CapabilityRow[] {
  return (MATRIX[type] ?? []).map(({ key, label }) => {
    const value = capabilities?.[key];
    const row: CapabilityRow = { key, label, supported: typeof value === 'boolean' ? value : undefined };
    if (key === 'embedding' && typeof capabilities?.embeddingDimension === 'number') row.detail = `${capabilities.embeddingDimension} dimensions`;
    return row;
  });
}
