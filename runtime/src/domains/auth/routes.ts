import type { FastifyInstance } from 'fastify';
import { AppError } from '../../errors/catalogue';
import { requirePrincipal } from '../../plugins/auth';
import { verifyPassword } from '../../seed/password';
import { findUser, listDemoUsers } from './store';
import { principalSchema } from '@tongban/schemas';


const errors = { 400: { $ref: 'https://schemas.tongban.dev/v1/error.json#' }, 401: { $ref: 'https://schemas.tongban.dev/v1/error.json#' }, 403: { $ref: 'https://schemas.tongban.dev/v1/error.json#' } };

/** Login for the demo users (development only) and "who am I". */
export async function authRoutes(app: FastifyInstance, options: { demoLogin: boolean }): Promise<void> {
  app.addSchema(principalSchema);

  app.post('/auth/login', {
    config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
    schema: {
      tags: ['identity'],
      summary: 'Log in as a demo user (development only; production tokens come from the identity provider)',
      body: {
        type: 'object',
        additionalProperties: false,
        required: ['username', 'password'],
        properties: {
          username: { type: 'string', minLength: 1, maxLength: 100 },
          password: { type: 'string', minLength: 1, maxLength: 200 },
        },
      },
      response: {
        200: {
          type: 'object',
          additionalProperties: false,
          required: ['token', 'user'],
          properties: { token: { type: 'string' }, user: { $ref: 'https://schemas.tongban.dev/v1/principal.json#' } },
        },
        ...errors,
      },
    },
  }, async (request) => {
    if (!options.demoLogin) throw new AppError('TB_AUTH_LOGIN_DISABLED');
    const { username, password } = request.body as { username: string; password: string };
    const user = await findUser(app.db.knex, username);
    if (!user?.passwordHash || !verifyPassword(password, user.passwordHash)) {
      throw new AppError('TB_AUTH_LOGIN_FAILED', { path: '/password' });
    }
    return { token: await app.signToken(user.principal), user: user.principal };
  });

  app.get('/auth/demo-users', {
    schema: {
      tags: ['identity'],
      summary: 'The seeded demo users, for the login page (development only)',
      response: {
        200: { type: 'object', additionalProperties: false, required: ['users'], properties: { users: { type: 'array', items: { $ref: 'https://schemas.tongban.dev/v1/principal.json#' } } } },
        ...errors,
      },
    },
  }, async () => {
    if (!options.demoLogin) throw new AppError('TB_AUTH_LOGIN_DISABLED');
    return { users: await listDemoUsers(app.db.knex) };
  });

  app.get('/auth/me', {
    schema: {
      tags: ['identity'],
      summary: 'The caller’s identity and scope',
      security: [{ bearer: [] }],
      response: { 200: { $ref: 'https://schemas.tongban.dev/v1/principal.json#' }, ...errors },
    },
  }, async (request) => requirePrincipal(request));
}
