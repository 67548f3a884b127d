import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateVersion, type ValidationLookups } from './validation';

const templates = new URL('../../../../examples/templates/', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, templates), 'utf8');
const SIMPLE = read('procedures/simple.bpmn');
const FORMS = {
  'person-application': JSON.parse(read('forms/person-application.form.json')),
  'acceptance-opinion': JSON.parse(read('forms/acceptance-opinion.form.json')),
  'decision-opinion': JSON.parse(read('forms/decision-opinion.form.json')),
};
const lookups: ValidationLookups = {
  licenceTypes: new Set(['111000000001001324001']),
  departments: new Set(['449900-SAMR']),
  items: new Set(['XK00001001']),
  subCategories: new Set(['market-access.food']),
};

function bundle(overrides: Record<string, unknown> = {}, bpmn = SIMPLE) {
  return {
    item: {
      schemaVersion: 1, code: 'XK09990001', name: '测试事项', type: 'licensing', subCategoryCode: 'market-access.food', implementingDepartment: '449900-SAMR',
      levels: ['county'], serviceObjects: ['person'], legalBasis: [{ title: '《行政许可法》' }], legalTimeLimitDays: 20, committedTimeLimitDays: 10,
      stageTimeLimitsDays: { accept: 1, decide: 1 }, fees: { charged: false }, channels: ['online'], visitsRequired: 0, contact: { phone: '0761-88123012' },
      materials: [
        { id: 'M001', name: '营业执照', requirement: 'required', source: 'licence', licenceTypeCode: '111000000001001324001' },
        { id: 'M002', name: '委托书', requirement: 'conditional', condition: '=isAgent = true', source: 'applicant' },
      ],
      procedure: { processId: 'template-simple', resource: 'p.bpmn' },
      forms: [
        { id: 'person-application', purpose: 'application', resource: 'a.json' },
        { id: 'acceptance-opinion', purpose: 'task', resource: 'b.json' },
        { id: 'decision-opinion', purpose: 'task', resource: 'c.json' },
      ],
      ...overrides,
    },
    bpmn,
    forms: structuredClone(FORMS) as Record<string, unknown>,
  };
}

const codes = async (input: ReturnType<typeof bundle>) => (await validateVersion(input, lookups)).report.problems.map((problem) => [problem.severity, problem.code, problem.path]);

describe('validateVersion', () => {
  it('passes a version on the simple template and gives its compiled procedure', async () => {
    const { report, definition } = await validateVersion(bundle(), lookups, { expectedCode: 'XK09990001' });
    expect(report).toEqual({ ok: true, errors: 0, warnings: 0, problems: [] });
    expect(definition?.processes[0]?.id).toBe('template-simple');
  });

  it('reports a committed time limit beyond the legal one at its pointer', async () => {
    expect(await codes(bundle({ committedTimeLimitDays: 25 }))).toEqual([['error', 'TB_ITEM_COMMITTED_EXCEEDS_LEGAL', '/item/committedTimeLimitDays']]);
  });

  it('names the material whose licence type does not exist, and a material condition reading a field the form lacks', async () => {
    const input = bundle();
    (input.item.materials as Array<Record<string, unknown>>)[0]!.licenceTypeCode = '111000000001001324999';
    (input.item.materials as Array<Record<string, unknown>>)[1]!.condition = '=hasAgent = true';
    const { report } = await validateVersion(input, lookups);
    expect(report.problems.map((problem) => [problem.code, problem.location])).toEqual([
      ['TB_VERSION_REFERENCE_UNKNOWN', { kind: 'material', materialId: 'M001', pointer: '/materials/0/licenceTypeCode' }],
      ['TB_VERSION_FEEL_UNKNOWN_VARIABLE', { kind: 'material', materialId: 'M002', pointer: '/materials/1/condition' }],
    ]);
  });

  it('refuses review rules, follow-on mappings and proactive rules whose FEEL does not parse, at their pointers', async () => {
    const input = bundle({
      reviewRules: [{ id: 'area', severity: 'warning', when: '=true', check: '=premisesArea >= ', message: { zh: '面积', en: 'area' } }],
      followOn: [{ itemCode: 'QT00010001', formData: { name: '=organisationName', region: '449902', area: '=(area' } }],
      proactiveOffers: [{ id: 'p1', trigger: { event: 'licenceIssued' }, eligibility: '=licence.data.level in [1,', materials: [{ materialId: 'M001', licence: '=licence.identifier' }] }],
    });
    expect(await codes(input)).toEqual([
      ['error', 'TB_VERSION_FEEL_SYNTAX', '/item/reviewRules/0/check'],
      ['error', 'TB_VERSION_FEEL_SYNTAX', '/item/followOn/0/formData/area'],
      ['error', 'TB_VERSION_FEEL_SYNTAX', '/item/proactiveOffers/0/eligibility'],
    ]);
  });

  it('locates unknown FEEL variables on the flow or element that reads them', async () => {
    const bpmn = SIMPLE.replace('=decideOutcome = "deny"', '=decision = "deny"').replace('dueDate="=addWorkingDays(now(), 1)"', 'dueDate="=addWorkingDays(startedOn, 1)"');
    const { report } = await validateVersion(bundle({}, bpmn), lookups);
    expect(report.problems.map((problem) => [problem.code, problem.location])).toEqual([
      ['TB_VERSION_FEEL_UNKNOWN_VARIABLE', { kind: 'bpmn', elementId: 'accept', elementType: 'bpmn:UserTask', processId: 'template-simple', property: 'dueDate' }],
      ['TB_VERSION_FEEL_UNKNOWN_VARIABLE', { kind: 'bpmn', elementId: 'Flow_decision_gateway_notify_rejected', elementType: 'bpmn:SequenceFlow', processId: 'template-simple', property: 'conditionExpression' }],
    ]);
  });

  it('requires an acceptance step and a closure, and every task form to be declared', async () => {
    const bpmn = SIMPLE.replace('<zeebe:header key="stage" value="accept" />', '<zeebe:header key="stage" value="review" />')
      .replace('<zeebe:property name="result" value="approved" />', '<zeebe:property name="outcome" value="approved" />')
      .replace('formId="decision-opinion"', 'formId="decision"');
    const found = await codes(bundle({}, bpmn));
    expect(found).toEqual(expect.arrayContaining([
      ['error', 'TB_VERSION_STAGE_ACCEPT_MISSING', '/bpmn/template-simple'],
      ['error', 'TB_VERSION_STAGE_CLOSE_MISSING', '/bpmn/template-simple'],
      ['error', 'TB_VERSION_TASK_FORM_UNDECLARED', '/bpmn/decide/formId'],
    ]));
  });

  it('passes the engine\'s deploy problems through with their element ids', async () => {
    const bpmn = SIMPLE.replace('<bpmn:exclusiveGateway id="acceptance-gateway"', '<bpmn:complexGateway id="acceptance-gateway"').replace('</bpmn:exclusiveGateway>\n    <bpmn:serviceTask id="notify-not-accepted"', '</bpmn:complexGateway>\n    <bpmn:serviceTask id="notify-not-accepted"');
    const { report } = await validateVersion(bundle({}, bpmn), lookups);
    expect(report.problems.find((problem) => problem.code === 'TB_BPMN_UNSUPPORTED_ELEMENT')?.location).toMatchObject({ kind: 'bpmn', elementId: 'acceptance-gateway' });
  });

  it('reports a declared form without content, an undeclared one, and form-js problems with the field key', async () => {
    const input = bundle();
    delete input.forms['decision-opinion'];
    input.forms.extra = { type: 'default', components: [] };
    (input.forms['acceptance-opinion'] as { components: Array<Record<string, unknown>> }).components[4]!.conditional = { hide: '=acceptOutcome !=' };
    const found = (await validateVersion(input, lookups)).report.problems.map((problem) => [problem.code, problem.location]);
    expect(found).toEqual(expect.arrayContaining([
      ['TB_VERSION_FORM_MISSING', { kind: 'item', pointer: '/forms/2' }],
      ['TB_VERSION_FORM_UNDECLARED', { kind: 'form', formId: 'extra', pointer: '' }],
      [expect.stringMatching(/^TB_FORM_DEFINITION_/), expect.objectContaining({ kind: 'form', formId: 'acceptance-opinion', fieldKey: 'acceptanceOpinion' })],
    ]));
  });

  it('refuses references to a department, sub-category or follow-on item that does not exist', async () => {
    const bpmn = SIMPLE.replace('<zeebe:header key="notice" value="approved" />', '<zeebe:header key="notice" value="approved" /><zeebe:header key="items" value="XK09999999" /><zeebe:header key="department" value="449900-NOPE" />');
    const found = await codes(bundle({ implementingDepartment: '449900-NONE', subCategoryCode: 'nowhere' }, bpmn));
    expect(found).toEqual([
      ['error', 'TB_VERSION_REFERENCE_UNKNOWN', '/item/implementingDepartment'],
      ['error', 'TB_VERSION_REFERENCE_UNKNOWN', '/item/subCategoryCode'],
      ['error', 'TB_VERSION_REFERENCE_UNKNOWN', '/bpmn/notify-approved/headers~1department'],
      ['error', 'TB_VERSION_REFERENCE_UNKNOWN', '/bpmn/notify-approved/headers~1items'],
    ]);
  });
});
