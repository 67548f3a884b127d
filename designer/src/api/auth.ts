import type { PrincipalView } from '@tongban/schemas';
import { api } from './client';

/** The caller's identity and scope, as the runtime shows it (`principal.json`). */
export type Principal = PrincipalView;

/** `POST /auth/login`: exchanges a demo user's credentials for a bearer token. */
export function login(username: string, password: string): Promise<{ token: string; user: Principal }> {
  return api.auth.login(username, password);
}

/** `GET /auth/demo-users`: the seeded demo users, offered on the login page outside production. */
export function listDemoUsers(): Promise<{ users: Principal[] }> {
  return api.auth.demoUsers();
}

/** `GET /auth/me`: the identity behind the current token. */
export function fetchMe(): Promise<Principal> {
  return api.auth.me();
}
