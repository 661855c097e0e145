import 'reflect-metadata';

export interface EnvVarOptions {
  /** What the variable is for, shown in errors and in the documentation. */
  description: string;
  /** A secret: its value never appears in logs or error messages. */
  sensitive?: boolean;
  /** Example value for docs and the compose file test. */
  example?: string;
}

export interface EnvVarDescriptor extends EnvVarOptions {
  name: string;
  required: boolean;
}

const ENV_VARS = Symbol('model-garden:env-vars');

/** Marks a config class property as an environment variable. The property name is the variable name. */
export function EnvVar(options: EnvVarOptions): PropertyDecorator {
  return (target, propertyKey) => {
    const own: Map<string, EnvVarOptions> = Reflect.getOwnMetadata(ENV_VARS, target) ?? new Map();
    own.set(String(propertyKey), options);
    Reflect.defineMetadata(ENV_VARS, own, target);
  };
}

/** Every @EnvVar of a config class and its ancestors (mixins included). */
export function envVarOptions(cls: abstract new (...args: never[]) => object): Map<string, EnvVarOptions> {
  const chain: object[] = [];
  for (let proto: object | null = cls.prototype; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    chain.unshift(proto);
  }
  const merged = new Map<string, EnvVarOptions>();
  for (const proto of chain) {
    const own: Map<string, EnvVarOptions> | undefined = Reflect.getOwnMetadata(ENV_VARS, proto);
    own?.forEach((value, key) => merged.set(key, value));
  }
  return merged;
}
