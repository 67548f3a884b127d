import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import type { ApplicationSubmission, Item } from '@tongban/schemas';

/** A minimal application form: one required text field. */
export const simpleForm = {
  type: 'default',
  id: 'simple-application',
  schemaVersion: 16,
  components: [{ type: 'textfield', key: 'subject', label: '申请事项说明', validate: { required: true } }],
};

/**
 * Publishes a test item with its own procedure straight into the catalogue tables (the management API is tested
 * elsewhere): a copy of an existing item's elements with a new code, process id, BPMN and a one-field form.
 */
export async function publishTestItem(knex: Knex, options: { code: string; processId: string; bpmn: string; levels?: Item['levels']; baseCode?: string }): Promise<number> {
  const base = await knex('item_version').where({ item_code: options.baseCode ?? 'XK00001001', status: 'published' }).first();
  const document = (typeof base.document === 'string' ? JSON.parse(base.document) : base.document) as Item;
  const item: Item = {
    ...document,
    code: options.code,
    name: `测试事项 ${options.code}`,
    levels: options.levels ?? ['city', 'county'],
    materials: [],
    procedure: { processId: options.processId, resource: 'procedure.bpmn' },
    forms: [{ id: 'simple-application', purpose: 'application', resource: 'application.form.json' }],
  };
  delete (item as { licenceIssued?: unknown }).licenceIssued;
  await knex('item').insert({
    code: item.code, name: item.name, type: item.type, sub_category_code: item.subCategoryCode,
    department_code: item.implementingDepartment, levels: item.levels,
  }).onConflict('code').ignore();
  const forms = { 'simple-application': simpleForm };
  const [row] = await knex('item_version').insert({
    item_code: item.code,
    version: 1,
    status: 'published',
    effective_from: new Date('2020-01-01T00:00:00Z'),
    document: JSON.stringify(item),
    bpmn: options.bpmn,
    forms: JSON.stringify(forms),
    content_hash: createHash('sha256').update(options.bpmn).digest('hex'),
    created_by: 'test',
    published_by: 'test',
    published_at: new Date('2020-01-01T00:00:00Z'),
  }).returning('id');
  return Number((row as { id: number }).id);
}

/** An application for a test item by the demo applicant 王晓明. */
export function simpleApplication(itemCode: string, subject = '测试'): ApplicationSubmission {
  return {
    itemCode,
    regionCode: '449902',
    channel: 'online',
    applicant: { kind: 'person', name: '王晓明', idNumber: '449902199003154519' },
    formData: { subject },
  };
}

/** A BPMN process in the zeebe dialect, from its inner XML. */
export function bpmnProcess(processId: string, inner: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="defs-${processId}" targetNamespace="http://tongban.dev/test">
  <bpmn:process id="${processId}" isExecutable="true">${inner}</bpmn:process>
</bpmn:definitions>`;
}
