import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { SignJWT, createRemoteJWKSet, importSPKI, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { LEVEL_VALUES } from '@tongban/schemas';
import { AppError } from '../errors/catalogue';
import type { RuntimeConfig } from '../config';

/** The roles of Tongban (issue #4). */
export const ROLES = [
  'item-manager', 'publisher', 'acceptance-clerk', 'reviewer', 'decider', 'clerk', 'supervisor', 'applicant', 'admin',
] as const;
export type Role = (typeof ROLES)[number];
export type Level = (typeof LEVEL_VALUES)[number];

/** Who is calling: the verified claims of the bearer token. */
export interface Principal {
  id: string;
  name: string;
  roles: Role[];
  level: Level;
  regionCode?: string;
  departmentCode?: string;
  /** Resident ID number of a person applicant (for "my applications" and licence reuse). */
  idNumber?: string;
  /** Credit code of the organisation an applicant acts for. */
  creditCode?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
  interface FastifyInstance {
    /** Verifies a bearer token and returns its principal, or throws a 401 AppError. */
    verifyToken(token: string): Promise<Principal>;
    /** Signs a token for a principal (demo login only; production tokens come from the identity provider). */
    signToken(principal: Principal, ttlSeconds?: number): Promise<string>;
  }
}

const isRole = (value: unknown): value is Role => typeof value === 'string' && (ROLES as readonly string[]).includes(value);
const isLevel = (value: unknown): value is Level => typeof value === 'string' && (LEVEL_VALUES as readonly string[]).includes(value);
const optionalString = (value: unknown, pattern: RegExp) => (typeof value === 'string' && pattern.test(value) ? value : undefined);

/** Reads Tongban's claims from a verified JWT payload; a token without a valid subject, role or level is refused. */
export function principalFromClaims(payload: JWTPayload): Principal {
  const roles = Array.isArray(payload.roles) ? payload.roles.filter(isRole) : [];
  if (typeof payload.sub !== 'string' || payload.sub.length === 0 || roles.length === 0 || !isLevel(payload.level)) {
    throw new AppError('TB_AUTH_INVALID_TOKEN');
  }
  const principal: Principal = {
    id: payload.sub,
    name: typeof payload.name === 'string' ? payload.name : payload.sub,
    roles,
    level: payload.level,
  };
  const regionCode = optionalString(payload.region, /^(?:\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$/);
  const departmentCode = optionalString(payload.department, /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/);
  const idNumber = optionalString(payload.idNumber, /^\d{17}[\dX]$/);
  const creditCode = optionalString(payload.creditCode, /^[0-9A-HJ-NPQRTUWXY]{18}$/);
  if (regionCode) principal.regionCode = regionCode;
  if (departmentCode) principal.departmentCode = departmentCode;
  if (idNumber) principal.idNumber = idNumber;
  if (creditCode) principal.creditCode = creditCode;
  return principal;
}

/**
 * Bearer-token identity. In development the runtime signs HS256 tokens for the demo login; in production it
 * verifies the tokens of an external identity provider with a configured JWKS URL or public key, and issues none.
 */
export const authPlugin = fp(async (app: FastifyInstance, options: { config: RuntimeConfig }) => {
  const { config } = options;
  const secret = new TextEncoder().encode(config.jwtSecret);
  // Imported once: given raw bytes, jose imports the HMAC key again on every verification.
  let key: Awaited<ReturnType<typeof importSPKI>> | JWTVerifyGetKey = await crypto.subtle.importKey(
    'raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify'],
  );
  let algorithms = ['HS256'];
  if (config.jwksUrl) {
    key = createRemoteJWKSet(new URL(config.jwksUrl));
    algorithms = ['RS256', 'ES256', 'PS256', 'EdDSA'];
  } else if (config.jwtPublicKey) {
    // An SPKI PEM does not say its algorithm: take the configured one, else the first the key imports as.
    const candidates = config.jwtAlgorithm ? [config.jwtAlgorithm] : ['ES256', 'RS256', 'PS256', 'EdDSA', 'ES384'];
    let imported: { algorithm: string; key: Awaited<ReturnType<typeof importSPKI>> } | undefined;
    for (const algorithm of candidates) {
      try {
        imported = { algorithm, key: await importSPKI(config.jwtPublicKey, algorithm) };
        break;
      } catch {
        // not a key of this algorithm
      }
    }
    if (!imported) throw new Error('TONGBAN_JWT_PUBLIC_KEY is not an SPKI public key of a supported algorithm');
    key = imported.key;
    algorithms = [imported.algorithm];
  }
  const external = Boolean(config.jwksUrl || config.jwtPublicKey);

  app.decorate('verifyToken', async (token: string) => {
    try {
      const verifyOptions = {
        algorithms,
        ...(config.jwtIssuer ? { issuer: config.jwtIssuer } : {}),
        ...(config.jwtAudience ? { audience: config.jwtAudience } : {}),
      };
      const { payload } = typeof key === 'function'
        ? await jwtVerify(token, key, verifyOptions)
        : await jwtVerify(token, key, verifyOptions);
      return principalFromClaims(payload);
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw new AppError('TB_AUTH_INVALID_TOKEN');
    }
  });

  app.decorate('signToken', async (principal: Principal, ttlSeconds = 8 * 3600) => {
    if (external) throw new AppError('TB_AUTH_LOGIN_DISABLED');
    const jwt = new SignJWT({
      name: principal.name,
      roles: principal.roles,
      level: principal.level,
      ...(principal.regionCode ? { region: principal.regionCode } : {}),
      ...(principal.departmentCode ? { department: principal.departmentCode } : {}),
      ...(principal.idNumber ? { idNumber: principal.idNumber } : {}),
      ...(principal.creditCode ? { creditCode: principal.creditCode } : {}),
    })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(principal.id)
      .setIssuedAt()
      .setExpirationTime(`${ttlSeconds}s`);
    if (config.jwtIssuer) jwt.setIssuer(config.jwtIssuer);
    if (config.jwtAudience) jwt.setAudience(config.jwtAudience);
    return jwt.sign(secret);
  });

  app.decorateRequest('principal', undefined);
  app.addHook('onRequest', async (request) => {
    const header = request.headers.authorization;
    if (!header) return;
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) throw new AppError('TB_AUTH_INVALID_TOKEN');
    request.principal = await app.verifyToken(match[1]);
    request.log = request.log.child({ user: request.principal.id });
  });
}, { name: 'tongban-auth' });

/** The caller, or a 401 when the request carries no token. */
export function requirePrincipal(request: FastifyRequest): Principal {
  if (!request.principal) throw new AppError('TB_AUTH_REQUIRED');
  return request.principal;
}

/** The caller when they hold one of `roles`, else a 403 naming the roles needed. */
export function requireRole(request: FastifyRequest, ...roles: Role[]): Principal {
  const principal = requirePrincipal(request);
  if (!principal.roles.some((role) => roles.includes(role) || role === 'admin')) {
    throw new AppError('TB_AUTH_FORBIDDEN', {
      params: { reason: { zh: `需要以下角色之一：${roles.join('、')}`, en: `requires one of the roles ${roles.join(', ')}` } },
    });
  }
  return principal;
}

/** A route hook that answers 401 before validation when the request carries no token. */
export async function authenticated(request: FastifyRequest): Promise<void> {
  requirePrincipal(request);
}
