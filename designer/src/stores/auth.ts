import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import * as authApi from '@/api/auth';
import type { Principal } from '@/api/auth';
import { setTokenSource } from '@/api/client';

const STORAGE_KEY = 'tongban.session';

interface StoredSession {
  token: string;
  user: Principal;
}

/** The logged-in user and their bearer token, kept in session storage so a reload keeps the session. */
export const useAuthStore = defineStore('auth', () => {
  const session = ref<StoredSession | null>(readSession());
  const token = computed(() => session.value?.token ?? null);
  const user = computed(() => session.value?.user ?? null);
  const isAuthenticated = computed(() => session.value !== null);

  setTokenSource(() => session.value?.token ?? null);

  /** Logs in with a user name and password; throws the API error when refused. */
  async function login(username: string, password: string): Promise<Principal> {
    const result = await authApi.login(username, password);
    session.value = { token: result.token, user: result.user };
    writeSession(session.value);
    return result.user;
  }

  /** Forgets the session. */
  function logout(): void {
    session.value = null;
    writeSession(null);
  }

  /** Whether the user holds one of the roles. */
  function hasRole(...roles: string[]): boolean {
    return roles.some((role) => user.value?.roles.includes(role));
  }

  return { token, user, isAuthenticated, login, logout, hasRole };
});

function readSession(): StoredSession | null {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Partial<StoredSession>;
    return typeof parsed.token === 'string' && parsed.user ? (parsed as StoredSession) : null;
  } catch {
    return null;
  }
}

function writeSession(session: StoredSession | null): void {
  try {
    if (session) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
    else sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // storage may be unavailable; the session then lasts until the page is closed
  }
}
