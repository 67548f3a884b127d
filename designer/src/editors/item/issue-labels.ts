/** Locale keys of item fields whose path differs from their label key. */
const NESTED: Record<string, string> = {
  'contact/phone': 'item.fields.contactPhone',
  'contact/complaintPhone': 'item.fields.complaintPhone',
  'contact/address': 'item.fields.contactAddress',
  'contact/email': 'item.fields.contactEmail',
  'fees/charged': 'item.fields.feesCharged',
  'fees/items': 'item.fields.feeItems',
  'procedure/processId': 'item.fields.processId',
  'procedure/resource': 'item.fields.procedureResource',
  'licenceIssued/licenceTypeCode': 'item.fields.licenceTypeCode',
  'licenceIssued/validityYears': 'item.fields.validityYears',
};

/** Locale keys of the fields of list entries, by list. */
const ENTRY_FIELDS: Record<string, Record<string, string>> = {
  legalBasis: { title: 'item.fields.legalBasisTitle', article: 'item.fields.legalBasisArticle', text: 'item.fields.legalBasisText' },
  'fees/items': { name: 'item.fields.feeName', amountYuan: 'item.fields.feeAmountYuan', basis: 'item.fields.feeBasis' },
  windows: { name: 'item.fields.windowName', address: 'item.fields.windowAddress', regionCode: 'item.fields.windowRegionCode', phone: 'item.fields.windowPhone', hours: 'item.fields.windowHours' },
  forms: { id: 'item.fields.formId', purpose: 'item.fields.formPurpose', resource: 'item.fields.formResource' },
  materials: { id: 'materials.id', name: 'materials.name', requirement: 'materials.requirement', condition: 'materials.condition', copies: 'materials.copies', formats: 'materials.formats', maxSizeMb: 'materials.maxSizeMb', source: 'materials.source', licenceTypeCode: 'materials.licenceTypeCode', producedBy: 'materials.producedBy', legalBasis: 'materials.legalBasis', notes: 'materials.notes' },
};

const LIST_TITLES: Record<string, string> = {
  legalBasis: 'item.fields.legalBasis',
  'fees/items': 'item.fields.feeItems',
  windows: 'item.fields.windows',
  forms: 'item.fields.forms',
  materials: 'item.tabs.materials',
};

/**
 * A readable name for the field a validation issue points at (`/materials/2/condition` → "申请材料 第 3 项 · 适用情形"),
 * built from locale keys with `t`; unknown paths fall back to the pointer itself.
 */
export function issueLabel(pointer: string, t: (key: string, named?: Record<string, unknown>) => string): string {
  const segments = pointer.split('/').slice(1).map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (segments.length === 0) return pointer || '/';
  for (const list of Object.keys(ENTRY_FIELDS)) {
    const parts = list.split('/');
    if (parts.every((part, i) => segments[i] === part) && segments.length > parts.length && /^\d+$/.test(segments[parts.length]!)) {
      const index = Number(segments[parts.length]);
      const field = segments[parts.length + 1];
      const fieldKey = field ? ENTRY_FIELDS[list]![field] : undefined;
      const entry = `${t(LIST_TITLES[list]!)} ${t('common.entry', { n: index + 1 })}`;
      return fieldKey ? `${entry} · ${t(fieldKey)}` : field ? `${entry} · ${field}` : entry;
    }
  }
  const nested = NESTED[segments.slice(0, 2).join('/')];
  if (nested) return t(nested);
  if (segments[0] === 'stageTimeLimitsDays' && segments[1]) return `${t('item.fields.stageTimeLimitsDays')} · ${t(`item.stages.${segments[1]}`)}`;
  const key = `item.fields.${segments[0]}`;
  const label = t(key);
  return label === key ? pointer : label;
}
