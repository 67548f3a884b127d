import type { Knex } from 'knex';
import { DEMO_PASSWORD } from '../src/seed/demo-users';

/** The item the HTTP intake benchmarks apply for (the code in {@link INTAKE_BODY}'s submission). */
export const INTAKE_ITEM_CODE = 'XK09990101';

/** Submit → accept (a user task of the acceptance clerks): what an intake writes is the application and its task. */
const PROCEDURE = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="bench-intake-definitions" targetNamespace="http://tongban.dev/bench">
  <bpmn:process id="bench-intake" isExecutable="true">
    <bpmn:startEvent id="submitted"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="submitted" targetRef="accept" />
    <bpmn:userTask id="accept" name="受理"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="acceptance-clerk" /><zeebe:taskHeaders><zeebe:header key="stage" value="accept" /></zeebe:taskHeaders></bpmn:extensionElements><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="accept" targetRef="done" />
    <bpmn:endEvent id="done"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
  </bpmn:process>
</bpmn:definitions>`;

const FORM = { type: 'default', id: 'bench-application', schemaVersion: 16, components: [
  { type: 'textfield', key: 'subject', label: '申请事项', validate: { required: true, maxLength: 200 } },
] };

/** Publishes the intake benchmark's item straight into the catalogue of a seeded database (a copy of XK00001001). */
export async function publishIntakeItem(knex: Knex): Promise<void> {
  const base = await knex('item_version').where({ item_code: 'XK00001001', status: 'published' }).first();
  const document = { ...(typeof base.document === 'string' ? JSON.parse(base.document) : base.document) };
  Object.assign(document, {
    code: INTAKE_ITEM_CODE, name: '受理基准测试事项', materials: [], levels: ['city', 'county'],
    procedure: { processId: 'bench-intake', resource: 'procedure.bpmn' },
    forms: [{ id: 'bench-application', purpose: 'application', resource: 'application.form.json' }],
  });
  delete document.licenceIssued;
  await knex('item').insert({ code: document.code, name: document.name, type: document.type, sub_category_code: document.subCategoryCode, department_code: document.implementingDepartment, levels: document.levels });
  await knex('item_version').insert({
    item_code: document.code, version: 1, status: 'published', effective_from: new Date('2020-01-01'), document: JSON.stringify(document),
    bpmn: PROCEDURE, forms: JSON.stringify({ 'bench-application': FORM }), content_hash: 'bench-intake',
    created_by: 'bench', published_by: 'bench', published_at: new Date(),
  });
}

/** Logs the demo applicant 王晓明 in on a running node; answers the request headers of an intake. */
export async function applicantHeaders(nodeUrl: string): Promise<Record<string, string>> {
  const response = await fetch(`${nodeUrl}/api/v1/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'demo-wang', password: DEMO_PASSWORD }),
  });
  if (!response.ok) throw new Error(`login: ${response.status} ${await response.text()}`);
  const { token } = (await response.json()) as { token: string };
  return { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
}
