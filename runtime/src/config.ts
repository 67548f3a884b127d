import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** Where the runtime package lives; the embedded database defaults to a folder beside it. */
export const runtimeRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Runtime configuration, read once from the environment by {@link loadConfig}. */
export interface RuntimeConfig {
  /** PostgreSQL connection string; absent means the embedded database (PGlite). */
  databaseUrl?: string;
  /** Data folder of the embedded database and of uploaded files. */
  dataDir: string;
  host: string;
  port: number;
  /** Symmetric secret for the demo login's tokens (development only). */
  jwtSecret: string;
  /** In production: verify tokens of an external identity provider by JWKS URL or public key (PEM). */
  jwksUrl?: string;
  jwtPublicKey?: string;
  /** The algorithm of `jwtPublicKey` (ES256, RS256, …); detected from the key when absent. */
  jwtAlgorithm?: string;
  jwtIssuer?: string;
  jwtAudience?: string;
  /** Whether the demo login route issues tokens (never in production). */
  demoLogin: boolean;
  logLevel: string;
  /** How long the internal worker's claim on a job lasts (a crashed worker's jobs are taken again after it). */
  jobLockMs: number;
}

/** Reads the configuration from environment variables (documented in README.md and docs/operations.md). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): RuntimeConfig {
  const production = env.NODE_ENV === 'production';
  const config: RuntimeConfig = {
    dataDir: path.resolve(env.TONGBAN_DATA_DIR ?? path.join(runtimeRoot, '.data')),
    host: env.HOST ?? '127.0.0.1',
    port: Number(env.PORT ?? 3000),
    jwtSecret: env.TONGBAN_JWT_SECRET ?? 'tongban-development-secret-change-me',
    demoLogin: env.TONGBAN_DEMO_LOGIN ? env.TONGBAN_DEMO_LOGIN === 'true' : !production,
    logLevel: env.LOG_LEVEL ?? 'info',
    jobLockMs: Number(env.TONGBAN_JOB_LOCK_MS ?? 30_000),
  };
  if (env.DATABASE_URL) config.databaseUrl = env.DATABASE_URL;
  if (env.TONGBAN_JWKS_URL) config.jwksUrl = env.TONGBAN_JWKS_URL;
  if (env.TONGBAN_JWT_PUBLIC_KEY) config.jwtPublicKey = env.TONGBAN_JWT_PUBLIC_KEY;
  if (env.TONGBAN_JWT_ALGORITHM) config.jwtAlgorithm = env.TONGBAN_JWT_ALGORITHM;
  if (env.TONGBAN_JWT_ISSUER) config.jwtIssuer = env.TONGBAN_JWT_ISSUER;
  if (env.TONGBAN_JWT_AUDIENCE) config.jwtAudience = env.TONGBAN_JWT_AUDIENCE;
  return config;
}
