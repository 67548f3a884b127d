import type { FieldIssue, Material } from '@tongban/schemas';
import { checkFeelSyntax, type FeelSyntaxResult } from '@/editors/feel';
import type { CommandInterceptor } from '@/commands/command-stack';
import type { UpdateContext } from '@/commands/document-commands';

/** A checklist entry while it is edited (the contract's type, but any field may be missing mid-edit). */
export type MaterialDraft = Material;

/** The next free material id in the `M001` series. */
export function nextMaterialId(existing: readonly Pick<Material, 'id'>[]): string {
  let max = 0;
  for (const { id } of existing) {
    const match = /^M(\d+)$/.exec(id);
    if (match) max = Math.max(max, Number(match[1]));
  }
  let n = max + 1;
  const ids = new Set(existing.map(({ id }) => id));
  while (ids.has(`M${String(n).padStart(3, '0')}`)) n += 1;
  return `M${String(n).padStart(3, '0')}`;
}

/** A new required applicant upload with the usual formats, named `name`. */
export function newMaterial(existing: readonly Pick<Material, 'id'>[], name: string): MaterialDraft {
  return {
    id: nextMaterialId(existing),
    name,
    requirement: 'required',
    source: 'applicant',
    copies: { original: 1, copy: 0 },
    formats: ['pdf', 'jpg', 'png'],
    maxSizeMb: 10,
  };
}

/**
 * The fields a material change makes meaningless, to be removed in the same step: a condition only belongs to a
 * conditional material (the contract forbids it otherwise), a licence type only to licence reuse, a producing
 * department only to a department-produced material. A conditional material gets a starter condition.
 */
export function coupledChanges(material: Partial<MaterialDraft>, patch: Partial<MaterialDraft>): Partial<Record<keyof MaterialDraft, unknown>> {
  const extra: Partial<Record<keyof MaterialDraft, unknown>> = {};
  if ('requirement' in patch) {
    if (patch.requirement !== 'conditional' && material.condition !== undefined && !('condition' in patch)) extra.condition = undefined;
    if (patch.requirement === 'conditional' && material.condition === undefined && !('condition' in patch)) extra.condition = '=true';
  }
  if ('source' in patch) {
    if (patch.source !== 'licence' && material.licenceTypeCode !== undefined && !('licenceTypeCode' in patch)) extra.licenceTypeCode = undefined;
    if (patch.source !== 'department' && material.producedBy !== undefined && !('producedBy' in patch)) extra.producedBy = undefined;
  }
  return extra;
}

/**
 * The checklist's cross-cutting rule as a command interceptor: every `document.update` of a material also applies
 * {@link coupledChanges}, so one undo step restores the removed fields too.
 */
export function materialInterceptor(materialAt: (index: number) => Partial<MaterialDraft> | undefined): CommandInterceptor {
  return (command, context) => {
    if (command !== 'document.update') return;
    const { path, patch } = context as unknown as UpdateContext;
    if (path.length !== 2 || path[0] !== 'materials' || typeof path[1] !== 'number') return;
    const material = materialAt(path[1]);
    if (!material) return;
    Object.assign(patch, coupledChanges(material, patch as Partial<MaterialDraft>));
  };
}

/** The syntax check of a material's condition, or `null` when it has none. */
export function conditionSyntax(material: Partial<MaterialDraft>): FeelSyntaxResult | null {
  if (material.requirement !== 'conditional' || material.condition === undefined) return null;
  if (!material.condition.startsWith('=')) {
    return { ok: false, from: 0, to: 0, message: { zh: 'FEEL 表达式须以 = 开头', en: 'a FEEL expression starts with =' } };
  }
  return checkFeelSyntax(material.condition);
}

/** The issues of one material, keyed by its field (`''` for the material itself), from the item's issues. */
export function materialIssues(issues: readonly FieldIssue[], index: number): Map<string, FieldIssue[]> {
  const prefix = `/materials/${index}`;
  const byField = new Map<string, FieldIssue[]>();
  for (const issue of issues) {
    if (issue.path !== prefix && !issue.path.startsWith(`${prefix}/`)) continue;
    const field = issue.path.slice(prefix.length + 1).split('/')[0] ?? '';
    const list = byField.get(field) ?? [];
    list.push(issue);
    byField.set(field, list);
  }
  return byField;
}
