import type { ArchiveCase, Licence } from '@tongban/schemas';

/** Output formats of the record files. */
export type RecordFormat = 'jsonl' | 'csv';

// Strings with a character JSON.stringify escapes (quote, backslash, control, surrogate) take its path.
// eslint-disable-next-line no-control-regex
const SAFE = /^[^"\\\u0000-\u001f\ud800-\udfff]*$/;
/** A JSON string literal; the fast path skips escaping for the (usual) strings that need none. */
const q = (text: string) => (SAFE.test(text) ? `"${text}"` : JSON.stringify(text));
const opt = (key: string, value: string | undefined) => (value === undefined ? '' : `,"${key}":${q(value)}`);
/** Codes, dates and enum values: their contract patterns admit no character JSON escapes, so they are quoted as is. */
const optRaw = (key: string, value: string | undefined) => (value === undefined ? '' : `,"${key}":"${value}"`);

function dataJson(data: Record<string, unknown>): string {
  let out = '{';
  for (const key in data) {
    const value = data[key];
    if (value === undefined) continue;
    out += `${out.length > 1 ? ',' : ''}${q(key)}:${typeof value === 'string' ? q(value) : JSON.stringify(value)}`;
  }
  return `${out}}`;
}

/**
 * One licence record as a JSON line (no newline). Byte-identical to `JSON.stringify` of the records
 * {@link licenceRecords} yields (same key order) for records valid against the contract, about twice as fast; signed records fall back to it.
 */
export function licenceToJson(r: Licence): string {
  if (r.signature !== undefined) return JSON.stringify(r);
  return `{"schemaVersion":${r.schemaVersion},"identifier":"${r.identifier}","typeCode":"${r.typeCode}"${opt('number', r.number)},`
    + `"holder":{"kind":"${r.holder.kind}","name":${q(r.holder.name)},"idNumber":"${r.holder.idNumber}"},`
    + `"issuer":{"name":${q(r.issuer.name)},"creditCode":"${r.issuer.creditCode}"${opt('departmentCode', r.issuer.departmentCode)}},`
    + `"issuedOn":"${r.issuedOn}"${optRaw('validFrom', r.validFrom)}${optRaw('validUntil', r.validUntil)},"status":"${r.status}",`
    + `"data":${dataJson(r.data as Record<string, unknown>)},"source":"${r.source}"}`;
}

/** One archived case as a JSON line, byte-identical to `JSON.stringify` of the records {@link archiveCases} yields (for
 * records valid against the contract, whose codes, dates and enum values need no escaping). */
export function archiveCaseToJson(r: ArchiveCase): string {
  return `{${r.schemaVersion === undefined ? '' : `"schemaVersion":${r.schemaVersion},`}"caseNumber":"${r.caseNumber}","itemCode":"${r.itemCode}"${opt('itemName', r.itemName)},`
    + `"departmentCode":"${r.departmentCode}","regionCode":"${r.regionCode}","level":"${r.level}",`
    + `"applicant":{"kind":"${r.applicant.kind}","name":${q(r.applicant.name)},"idNumber":"${r.applicant.idNumber}"},`
    + `"channel":"${r.channel}","submittedAt":"${r.submittedAt}"${optRaw('acceptedAt', r.acceptedAt)},"closedAt":"${r.closedAt}"${optRaw('dueAt', r.dueAt)},`
    + `"result":"${r.result}","committedTimeLimitDays":${r.committedTimeLimitDays}`
    + `${r.elapsedWorkingDays === undefined ? '' : `,"elapsedWorkingDays":${r.elapsedWorkingDays}`}`
    + `${r.visits === undefined ? '' : `,"visits":${r.visits}`}`
    + `${r.handledOnline === undefined ? '' : `,"handledOnline":${r.handledOnline}`}`
    + `${r.licenceReused === undefined ? '' : `,"licenceReused":${r.licenceReused}`}`
    + `${optRaw('evaluationGrade', r.evaluationGrade)}${opt('sourceSystem', r.sourceSystem)}}`;
}

/** RFC 4180 field: quoted when it holds a comma, quote or line break. */
function csv(value: string | number | boolean | undefined): string {
  if (value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Header of the licence CSV (`data` is a JSON object in one column). */
export const LICENCE_CSV_HEADER = 'identifier,typeCode,number,holderKind,holderName,holderIdNumber,issuerName,issuerCreditCode,issuerDepartmentCode,issuedOn,validFrom,validUntil,status,source,data';

/** One licence record as a CSV row (no newline). */
export function licenceToCsv(r: Licence): string {
  return [
    r.identifier, r.typeCode, csv(r.number), r.holder.kind, csv(r.holder.name), r.holder.idNumber, csv(r.issuer.name), r.issuer.creditCode,
    csv(r.issuer.departmentCode), r.issuedOn, csv(r.validFrom), csv(r.validUntil), r.status, r.source, csv(dataJson(r.data as Record<string, unknown>)),
  ].join(',');
}

/** Header of the archived case CSV. */
export const ARCHIVE_CASE_CSV_HEADER = 'caseNumber,itemCode,itemName,departmentCode,regionCode,level,applicantKind,applicantName,applicantIdNumber,channel,submittedAt,acceptedAt,closedAt,dueAt,result,committedTimeLimitDays,elapsedWorkingDays,visits,handledOnline,licenceReused,evaluationGrade,sourceSystem';

/** One archived case as a CSV row (no newline). */
export function archiveCaseToCsv(r: ArchiveCase): string {
  return [
    r.caseNumber, r.itemCode, csv(r.itemName), r.departmentCode, r.regionCode, r.level, r.applicant.kind, csv(r.applicant.name), r.applicant.idNumber,
    r.channel, r.submittedAt, csv(r.acceptedAt), r.closedAt, csv(r.dueAt), r.result, r.committedTimeLimitDays, csv(r.elapsedWorkingDays),
    csv(r.visits), csv(r.handledOnline), csv(r.licenceReused), csv(r.evaluationGrade), csv(r.sourceSystem),
  ].join(',');
}
