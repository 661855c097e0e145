import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validateSync, type ValidationError } from 'class-validator';
import { type EnvVarDescriptor, envVarOptions } from './env-var.decorator';

type ConfigClass<T> = new () => T;

export class ConfigValidationError extends Error {
  constructor(
    readonly service: string,
    readonly problems: string[],
  ) {
    super(`${service}: invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigValidationError';
  }
}

/**
 * Builds a typed config object from the environment and validates it. Any bad or
 * missing variable throws one error that names every problem, so a service stops
 * at boot instead of failing later. Sensitive values are never echoed.
 */
export function loadConfig<T extends object>(cls: ConfigClass<T>, env: NodeJS.ProcessEnv = process.env, service = cls.name): T {
  const vars = envVarOptions(cls);
  const kinds = valueKinds(cls);
  const plain: Record<string, unknown> = {};
  for (const name of vars.keys()) {
    const value = env[name];
    if (value !== undefined && value !== '') plain[name] = coerce(value, kinds.get(name));
  }
  const instance = plainToInstance(cls, plain, { exposeDefaultValues: true });
  const errors = validateSync(instance, { whitelist: true, forbidUnknownValues: false });
  if (errors.length > 0) {
    throw new ConfigValidationError(service, errors.map((error) => describe(error, vars.get(error.property)?.sensitive ?? false)));
  }
  return instance;
}

const NUMERIC = new Set(['isInt', 'isNumber', 'min', 'max', 'isPositive', 'isPort']);

/** Which variables are numbers or booleans, read from their validators (not from design:type, which needs annotations). */
function valueKinds<T extends object>(cls: ConfigClass<T>): Map<string, 'number' | 'boolean'> {
  const kinds = new Map<string, 'number' | 'boolean'>();
  for (const meta of getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false)) {
    const name = meta.name ?? meta.type;
    if (NUMERIC.has(name)) kinds.set(meta.propertyName, 'number');
    if (name === 'isBoolean') kinds.set(meta.propertyName, 'boolean');
  }
  return kinds;
}

/** Environment values are strings: numbers and booleans are converted only when they are written plainly, so a typo still fails validation. */
function coerce(value: string, kind: 'number' | 'boolean' | undefined): unknown {
  if (kind === 'number' && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  if (kind === 'boolean' && /^(true|false|1|0)$/i.test(value.trim())) return /^(true|1)$/i.test(value.trim());
  return value;
}

function describe(error: ValidationError, sensitive: boolean): string {
  const messages = Object.values(error.constraints ?? {}).join('; ');
  const shown = error.value === undefined ? 'missing' : sensitive ? 'value hidden' : `got ${JSON.stringify(error.value)}`;
  return `${error.property} (${shown}): ${messages}`;
}

/**
 * Lists a config class's variables with whether each is required (no @IsOptional
 * and no default), for documentation and for the docker-compose consistency test.
 */
export function describeConfig<T extends object>(cls: ConfigClass<T>): EnvVarDescriptor[] {
  const defaults = new cls() as Record<string, unknown>;
  const optional = new Set(
    getMetadataStorage()
      .getTargetValidationMetadatas(cls, '', true, false)
      .filter((m) => m.type === 'conditionalValidation')
      .map((m) => m.propertyName),
  );
  return [...envVarOptions(cls)].map(([name, options]) => ({
    name,
    ...options,
    required: !optional.has(name) && defaults[name] === undefined,
  }));
}
