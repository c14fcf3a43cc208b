import { envSchema, type Env } from '@narmon/schemas';
import { ConfigError } from '../errors/index.js';

export type Config = Env;

/**
 * Reads the whole configuration from the environment once. Every bad variable is listed in
 * one ConfigError, so an operator fixes them all in one go. Empty strings count as unset.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const relevant: Record<string, string> = {};
  for (const key of Object.keys(envSchema.shape)) {
    const v = env[key];
    if (v !== undefined && v !== '') relevant[key] = v;
  }
  const parsed = envSchema.safeParse(relevant);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}=${JSON.stringify(relevant[String(i.path[0])] ?? '')} ${i.message}`));
  }
  return parsed.data;
}
