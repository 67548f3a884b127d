/** Roles of the staff who handle applications (the worklist). */
export const STAFF_ROLES = ['acceptance-clerk', 'reviewer', 'decider', 'clerk'] as const;

/** Roles who read and manage the catalogue (item library, publishing). */
export const CATALOGUE_ROLES = ['item-manager', 'publisher', 'supervisor', 'admin'] as const;

/** The first page of a user: the library for catalogue roles, the worklist for staff, the dashboard for supervisors. */
export function homeFor(roles: readonly string[]): string {
  if (roles.some((role) => role === 'item-manager' || role === 'publisher' || role === 'admin')) return '/library';
  if (roles.some((role) => (STAFF_ROLES as readonly string[]).includes(role))) return '/workbench';
  if (roles.includes('supervisor')) return '/supervision';
  return '/procedure';
}

/** Whether a user with `roles` may open a page restricted to `allowed` (no restriction when `allowed` is absent). */
export function mayOpen(roles: readonly string[], allowed: readonly string[] | undefined): boolean {
  return !allowed || allowed.some((role) => roles.includes(role));
}
