import { request } from './http';

/** The caller's identity and scope, as the runtime shows it (`principal.json`). */
export interface Principal {
  id: string;
  name: string;
  roles: string[];
  level: string;
  regionCode?: string;
  departmentCode?: string;
  idNumber?: string;
  creditCode?: string;
}

/** `POST /auth/login`: exchanges a demo user's credentials for a bearer token. */
export function login(username: string, password: string): Promise<{ token: string; user: Principal }> {
  return request('/auth/login', { method: 'POST', body: { username, password } });
}

/** `GET /auth/demo-users`: the seeded demo users, offered on the login page in development. */
export function listDemoUsers(): Promise<{ users: Principal[] }> {
  return request('/auth/demo-users');
}

/** `GET /auth/me`: the identity behind the current token. */
export function fetchMe(): Promise<Principal> {
  return request('/auth/me');
}
