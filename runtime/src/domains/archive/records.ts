import { ARCHIVE_CASE_CSV_HEADER } from '@tongban/examples';
import { contracts, createAjv, type ArchiveCase } from '@tongban/schemas';
import { validateCreditCode, validateResidentId } from '@tongban/gov-codes';
import type { ImportRow, RecordJudge, RecordProblem, Verdict } from '../../imports/dataset';
import { csvValue } from '../../imports/text';

/** Header of the archived case CSV (the examples generator writes it). */
export const ARCHIVE_CSV_COLUMNS: readonly string[] = ARCHIVE_CASE_CSV_HEADER.split(',');

/** Columns of `archive_case` an import writes, in COPY order (the row of {@link ArchiveCaseJudge}). */
export const ARCHIVE_COLUMNS = [
  'case_number', 'item_code', 'item_name', 'department_code', 'region_code', 'level', 'applicant_kind', 'applicant_name',
  'applicant_id_number', 'channel', 'submitted_at', 'accepted_at', 'closed_at', 'due_at', 'result', 'committed_time_limit_days',
  'elapsed_working_days', 'visits', 'handled_online', 'licence_reused', 'evaluation_grade', 'source_system', 'schema_version',
] as const;

const NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?$/;
/** A CSV number or boolean field as its JSON value; anything else stays text, for the contract to refuse by type. */
const typed = (text: string | undefined, kind: 'number' | 'boolean'): unknown => {
  if (text === undefined) return undefined;
  if (kind === 'number') return NUMBER.test(text) ? Number(text) : text;
  return text === 'true' ? true : text === 'false' ? false : text;
};

/** An archived case document from a CSV record of {@link ARCHIVE_CSV_COLUMNS} (the contract then judges it). */
export function archiveCsvToDocument(header: readonly string[], fields: readonly string[]): Record<string, unknown> {
  const value = (name: string) => csvValue(header, fields, name);
  const doc: Record<string, unknown> = {
    schemaVersion: 1,
    caseNumber: value('caseNumber'),
    itemCode: value('itemCode'),
    itemName: value('itemName'),
    departmentCode: value('departmentCode'),
    regionCode: value('regionCode'),
    level: value('level'),
    applicant: { kind: value('applicantKind'), name: value('applicantName'), idNumber: value('applicantIdNumber') },
    channel: value('channel'),
    submittedAt: value('submittedAt'),
    acceptedAt: value('acceptedAt'),
    closedAt: value('closedAt'),
    dueAt: value('dueAt'),
    result: value('result'),
    committedTimeLimitDays: typed(value('committedTimeLimitDays'), 'number'),
    elapsedWorkingDays: typed(value('elapsedWorkingDays'), 'number'),
    visits: typed(value('visits'), 'number'),
    handledOnline: typed(value('handledOnline'), 'boolean'),
    licenceReused: typed(value('licenceReused'), 'boolean'),
    evaluationGrade: value('evaluationGrade'),
    sourceSystem: value('sourceSystem'),
  };
  for (const key of Object.keys(doc)) if (doc[key] === undefined) delete doc[key];
  const applicant = doc.applicant as Record<string, unknown>;
  for (const key of Object.keys(applicant)) if (applicant[key] === undefined) delete applicant[key];
  return doc;
}

/** The People's Republic was founded on 1 October 1949: no archived case of its governments is older. */
const EARLIEST = Date.parse('1949-10-01T00:00:00+08:00');

/**
 * Judges archived case records (历史办件) for an import: the archive-case contract (schemas/src/archive-case.ts),
 * then what a contract cannot state — the applicant's check digits (GB 11643 / GB 32100) and kind, and instants in
 * order (submitted ≤ accepted ≤ closed, due after submission, closed no later than now, none before 1949-10-01).
 * Supervision counts each case on the day it closed, so a case closed in the future would distort the figures.
 */
export class ArchiveCaseJudge implements RecordJudge {
  private readonly validateContract = createAjv().compile(contracts.archiveCase);

  /** `now` is the import's clock: a case may not close after it. */
  constructor(private readonly now: Date) {}

  judge(doc: unknown): Verdict {
    if (!this.validateContract(doc)) {
      return { problems: (this.validateContract.errors ?? []).slice(0, 10).map((error) => ({ path: error.instancePath || '/', reason: `${error.keyword}: ${error.message ?? ''}`.trim() })) };
    }
    const record = doc as ArchiveCase;
    const problems: RecordProblem[] = [];
    const { applicant } = record;
    const holderCheck = applicant.kind === 'person' ? validateResidentId(applicant.idNumber) : validateCreditCode(applicant.idNumber);
    if (!holderCheck.ok) problems.push({ path: '/applicant/idNumber', reason: holderCheck.code });
    const submitted = Date.parse(record.submittedAt);
    const accepted = record.acceptedAt === undefined ? undefined : Date.parse(record.acceptedAt);
    const closed = Date.parse(record.closedAt);
    const due = record.dueAt === undefined ? undefined : Date.parse(record.dueAt);
    if (submitted < EARLIEST) problems.push({ path: '/submittedAt', reason: 'before 1949-10-01' });
    if (accepted !== undefined && accepted < submitted) problems.push({ path: '/acceptedAt', reason: 'accepted before it was submitted' });
    if (closed < (accepted ?? submitted)) problems.push({ path: '/closedAt', reason: `closed before it was ${accepted === undefined ? 'submitted' : 'accepted'}` });
    if (closed > this.now.getTime()) problems.push({ path: '/closedAt', reason: 'closed in the future' });
    if (due !== undefined && due < submitted) problems.push({ path: '/dueAt', reason: 'due before it was submitted' });
    if (problems.length > 0) return { problems };
    const optional = (value: string | number | boolean | undefined) => (value === undefined ? null : String(value));
    const row: ImportRow = [
      record.caseNumber, record.itemCode, optional(record.itemName), record.departmentCode, record.regionCode, record.level, applicant.kind,
      applicant.name, applicant.idNumber, record.channel, record.submittedAt, optional(record.acceptedAt), record.closedAt, optional(record.dueAt),
      record.result, String(record.committedTimeLimitDays), optional(record.elapsedWorkingDays), optional(record.visits),
      optional(record.handledOnline), optional(record.licenceReused), optional(record.evaluationGrade), optional(record.sourceSystem),
      String(record.schemaVersion ?? 1),
    ];
    return { row };
  }
}
