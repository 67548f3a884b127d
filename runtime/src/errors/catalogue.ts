/**
 * The one catalogue of the runtime's error codes: HTTP status and bilingual message templates. `{name}`
 * placeholders are filled from the error's params. docs/errors.md lists every code; a test checks both
 * directions.
 */
export const errorCatalogue = {
  // request shape
  TB_REQUEST_INVALID: { status: 400, zh: '请求内容不符合要求', en: 'The request is invalid' },
  TB_REQUEST_MALFORMED_JSON: { status: 400, zh: '请求体不是合法的 JSON', en: 'The request body is not valid JSON' },
  TB_REQUEST_BODY_TOO_LARGE: { status: 413, zh: '请求体过大', en: 'The request body is too large' },
  TB_REQUEST_UNSUPPORTED_MEDIA_TYPE: { status: 415, zh: '不支持的内容类型', en: 'Unsupported content type' },
  TB_REQUEST_NOT_FOUND: { status: 404, zh: '接口不存在：{method} {url}', en: 'No route {method} {url}' },
  TB_REQUEST_CONTROL_CHARACTER: {
    status: 400,
    zh: '内容含有不允许的控制字符（NUL）',
    en: 'The text contains a character that is not allowed (NUL)',
  },
  TB_REQUEST_METHOD_NOT_ALLOWED: { status: 405, zh: '不支持该请求方法', en: 'Method not allowed' },
  TB_REQUEST_RATE_LIMITED: { status: 429, zh: '请求过于频繁，请稍后再试', en: 'Too many requests, try again later' },
  TB_SERVICE_BUSY: {
    status: 503,
    zh: '系统繁忙，本次请求未执行，请稍后重试',
    en: 'The service is busy; nothing was done, retry shortly',
  },
  TB_REQUEST_CONFLICT: { status: 409, zh: '数据已被他人修改，请刷新后重试', en: 'The data was changed by someone else; reload and retry' },
  TB_REQUEST_IDEMPOTENCY_MISMATCH: {
    status: 422,
    zh: '同一幂等键已用于内容不同的请求',
    en: 'The Idempotency-Key was already used for a different request',
  },

  // identity and access
  TB_AUTH_REQUIRED: { status: 401, zh: '请先登录', en: 'Authentication is required' },
  TB_AUTH_INVALID_TOKEN: { status: 401, zh: '身份令牌无效或已过期', en: 'The token is invalid or expired' },
  TB_AUTH_LOGIN_FAILED: { status: 401, zh: '用户名或密码错误', en: 'Wrong user name or password' },
  TB_AUTH_LOGIN_DISABLED: { status: 403, zh: '本环境不签发令牌，请通过统一身份认证登录', en: 'This deployment issues no tokens; sign in with the identity provider' },
  TB_AUTH_FORBIDDEN: { status: 403, zh: '无权执行此操作：{reason}', en: 'Not allowed: {reason}' },
  TB_AUTH_OUT_OF_SCOPE: { status: 403, zh: '超出数据权限范围：{reason}', en: 'Outside your data scope: {reason}' },

  // catalogue
  TB_ITEM_NOT_FOUND: { status: 404, zh: '事项 {code} 不存在', en: 'Item {code} does not exist' },
  TB_ITEM_NOT_EFFECTIVE: { status: 422, zh: '事项 {code} 在该地区没有生效的版本', en: 'Item {code} has no effective version in this region' },
  TB_REGION_NOT_FOUND: { status: 404, zh: '行政区划 {code} 不存在', en: 'Region {code} does not exist' },
  TB_DEPARTMENT_NOT_FOUND: { status: 404, zh: '部门 {code} 不存在', en: 'Department {code} does not exist' },
  TB_LICENCE_TYPE_NOT_FOUND: { status: 404, zh: '证照类型 {code} 不存在', en: 'Licence type {code} does not exist' },
  TB_ITEM_PROCEDURE_INVALID: {
    status: 422,
    zh: '事项 {code} 的办理流程无法运行，请联系事项管理员',
    en: 'The procedure of item {code} cannot run; contact the item manager',
  },

  // applications
  TB_APPLICATION_NOT_FOUND: { status: 404, zh: '办件 {id} 不存在', en: 'Application {id} does not exist' },
  TB_APPLICATION_APPLICANT_INVALID: { status: 400, zh: '申请人证件号码无效：{reason}', en: 'The applicant’s identifier is invalid: {reason}' },
  TB_APPLICATION_NOT_APPLICANT: {
    status: 403,
    zh: '只能以本人或本单位名义申请；代办请由窗口工作人员提交',
    en: 'You can only apply for yourself or your organisation; assisted applications are submitted by staff',
  },
  TB_APPLICATION_REGION_NOT_SERVED: {
    status: 422,
    zh: '事项 {code} 不在 {region} 办理',
    en: 'Item {code} is not handled in region {region}',
  },
  TB_APPLICATION_FORM_INVALID: { status: 400, zh: '申请表填写有误，请按提示修改', en: 'The application form has errors' },
  TB_APPLICATION_MATERIALS_INVALID: { status: 400, zh: '申请材料不符合要求', en: 'The materials do not meet the checklist' },
  TB_APPLICATION_FILE_NOT_FOUND: { status: 400, zh: '文件 {fileId} 未上传', en: 'File {fileId} was not uploaded' },
  TB_APPLICATION_NOT_ACTIVE: { status: 409, zh: '办件已{status}，不能再操作', en: 'The application is {status} and cannot be changed' },
  TB_APPLICATION_NOT_WITHDRAWABLE: {
    status: 409,
    zh: '已作出审批决定的办件不能撤回',
    en: 'An application cannot be withdrawn once decided',
  },
  TB_APPLICATION_NOT_AWAITING_SUPPLEMENT: {
    status: 409,
    zh: '办件当前不需要补正材料',
    en: 'The application is not waiting for supplementary materials',
  },

  // worklist
  TB_TASK_NOT_FOUND: { status: 404, zh: '待办任务 {id} 不存在', en: 'Task {id} does not exist' },
  TB_TASK_NOT_OPEN: { status: 409, zh: '任务已{status}', en: 'The task is already {status}' },
  TB_TASK_ASSIGNED_TO_OTHER: { status: 409, zh: '任务已由 {assignee} 签收', en: 'The task is claimed by {assignee}' },
  TB_TASK_OUTCOME_INVALID: {
    status: 400,
    zh: '办理结果只能是：{allowed}',
    en: 'The outcome must be one of: {allowed}',
  },
  TB_TASK_FORM_INVALID: { status: 400, zh: '办理表单填写有误', en: 'The task form has errors' },
  TB_TASK_OPINION_REQUIRED: { status: 400, zh: '请填写办理意见', en: 'An opinion is required for this outcome' },
  TB_TASK_MISSING_MATERIALS_REQUIRED: {
    status: 400,
    zh: '要求补正时须一次性列明所缺材料',
    en: 'A supplementation request must list every missing material',
  },

  // jobs and messages
  TB_JOB_NOT_FOUND: { status: 404, zh: '作业 {id} 不存在', en: 'Job {id} does not exist' },
  TB_JOB_NOT_LOCKED: { status: 409, zh: '作业 {id} 未被该执行者锁定', en: 'Job {id} is not locked by this worker' },
  TB_INCIDENT_NOT_FOUND: { status: 404, zh: '异常 {id} 不存在', en: 'Incident {id} does not exist' },
  TB_MESSAGE_NO_SUBSCRIPTION: {
    status: 404,
    zh: '没有等待消息 {name}（{key}）的办件',
    en: 'No application waits for message {name} with key {key}',
  },
  TB_ENGINE_REJECTED: { status: 409, zh: '流程引擎拒绝了该操作：{reason}', en: 'The process engine refused: {reason}' },

  // item management: versions, change sets, implementation lists, migrations (issue #5)
  TB_ITEM_EXISTS: { status: 409, zh: '事项 {code} 已存在', en: 'Item {code} already exists' },
  TB_ITEM_INVALID: { status: 422, zh: '事项内容未通过校验，见 details', en: 'The item did not pass validation; see details' },
  TB_ITEM_IMPLEMENTATION_INVALID: {
    status: 422,
    zh: '实施清单只能调整标准允许地方调整的要素，见 details',
    en: 'An implementation may only override what the standard lets regions set; see details',
  },
  TB_ITEM_IMPLEMENTATION_NOT_FOUND: { status: 404, zh: '事项 {code} 在 {region} 没有实施清单', en: 'Item {code} has no implementation in region {region}' },
  TB_ITEM_BUNDLE_INVALID: { status: 422, zh: '导入包无法导入，见 details', en: 'The bundle cannot be imported; see details' },
  TB_VERSION_NOT_FOUND: { status: 404, zh: '事项 {code} 没有版本 {version}', en: 'Item {code} has no version {version}' },
  TB_VERSION_NO_DRAFT: { status: 404, zh: '事项 {code} 没有正在编辑的版本', en: 'Item {code} has no version being worked on' },
  TB_VERSION_DRAFT_EXISTS: {
    status: 409,
    zh: '事项 {code} 已有正在处理的版本 {version}（{status}）',
    en: 'Item {code} already has version {version} being worked on ({status})',
  },
  TB_VERSION_STATUS: {
    status: 409,
    zh: '版本 {version} 当前为 {status}，不能执行该操作（需要 {expected}）',
    en: 'Version {version} is {status}; the action needs {expected}',
  },
  TB_VERSION_INVALID: { status: 422, zh: '版本未通过发布前校验，见 details', en: 'The version did not pass validation; see details' },
  TB_VERSION_FOUR_EYES: {
    status: 403,
    zh: '审核人不能是提交人（{submitter}）：该类事项须经另一人审核',
    en: 'The approver must not be the submitter ({submitter}): this item type needs a second pair of eyes',
  },
  TB_VERSION_IN_CHANGE_SET: {
    status: 409,
    zh: '该版本属于批量变更 {changeSetId}，请通过批量变更提交、审核和发布',
    en: 'The version belongs to change set {changeSetId}; submit, approve and publish it with the change set',
  },
  TB_VERSION_EFFECTIVE_FROM_PAST: { status: 400, zh: '生效时间不能早于当前时间', en: 'The effective time must not be in the past' },
  TB_VERSION_EFFECTIVE_CONFLICT: {
    status: 409,
    zh: '版本 {version} 已定于 {effectiveFrom} 生效，新版本的生效时间不能早于它；请先撤回该版本',
    en: 'Version {version} takes effect at {effectiveFrom}; a new version cannot take effect before it (withdraw it first)',
  },
  TB_CHANGE_SET_NOT_FOUND: { status: 404, zh: '批量变更 {id} 不存在', en: 'Change set {id} does not exist' },
  TB_CHANGE_SET_STATUS: {
    status: 409,
    zh: '批量变更当前为 {status}，不能执行该操作（需要 {expected}）',
    en: 'The change set is {status}; the action needs {expected}',
  },
  TB_CHANGE_SET_EMPTY: { status: 422, zh: '批量变更中没有事项', en: 'The change set has no items' },
  TB_CHANGE_SET_INVALID: {
    status: 422,
    zh: '批量变更中有事项未通过校验，整批均未发布，见 details',
    en: 'Items of the change set did not pass; nothing was published; see details',
  },
  TB_CHANGE_SET_PATCH_FAILED: { status: 422, zh: '无法对事项 {code} 应用修改：{reason}', en: 'The patch does not apply to item {code}: {reason}' },
  TB_MIGRATION_VERSIONS_INVALID: {
    status: 422,
    zh: '只能迁移到同一事项的已发布版本：{reason}',
    en: 'Applications can only move to a published version of the same item: {reason}',
  },

  // electronic licences (issue #7)
  TB_LICENCE_NOT_FOUND: { status: 404, zh: '证照 {identifier} 不存在', en: 'Licence {identifier} does not exist' },
  TB_LICENCE_PAYLOAD_INVALID: { status: 400, zh: '二维码内容不是通办电子证照核验码', en: 'The QR payload is not a Tongban licence payload' },
  TB_LICENCE_STATUS_CONFLICT: {
    status: 409,
    zh: '证照 {identifier} 当前状态为 {status}，不能执行 {action}',
    en: 'Licence {identifier} is {status}; it cannot be {action}',
  },
  TB_LICENCE_SIGNING_KEY_UNAVAILABLE: {
    status: 503,
    zh: '发证机关 {issuer} 没有可用的签名密钥，请联系系统管理员',
    en: 'Issuer {issuer} has no usable signing key; contact the administrator',
  },
  TB_LICENCE_IMPORT_RUNNING: { status: 409, zh: '该批证照正在导入中', en: 'This licence batch is being imported already' },
  TB_ARCHIVE_IMPORT_RUNNING: { status: 409, zh: '该历史办件文件正在导入中', en: 'This archive file is being imported already' },
  TB_LICENCE_REUSE_UNKNOWN: { status: 422, zh: '证照 {identifier} 不存在', en: 'Licence {identifier} does not exist' },
  TB_LICENCE_REUSE_TYPE_MISMATCH: { status: 422, zh: '材料“{material}”须为{typeName}', en: 'Material "{material}" must be a {typeName}' },
  TB_LICENCE_REUSE_NOT_HOLDER: { status: 422, zh: '证照 {identifier} 不属于申请人', en: 'Licence {identifier} is not the applicant’s' },
  TB_LICENCE_REUSE_EXPIRED: { status: 422, zh: '证照 {identifier} 已于 {validUntil} 到期', en: 'Licence {identifier} expired on {validUntil}' },
  TB_LICENCE_REUSE_REVOKED: { status: 422, zh: '证照 {identifier} 已被撤销', en: 'Licence {identifier} has been revoked' },
  TB_LICENCE_REUSE_SUSPENDED: { status: 422, zh: '证照 {identifier} 已被暂扣或尚未生效', en: 'Licence {identifier} is suspended or not yet in force' },
  TB_LICENCE_REUSE_CONSENT_REQUIRED: {
    status: 400,
    zh: '使用电子证照“{material}”须经申请人授权',
    en: 'Using a licence for "{material}" needs the applicant’s consent',
  },
  TB_LICENCE_REUSE_NONE_VALID: { status: 422, zh: '申请人没有有效的{typeName}', en: 'The applicant holds no valid {typeName}' },

  // supervision: the legal clock, monitoring and ranking (docs/supervision.md)
  TB_SUPERVISION_CLOCK_NOT_FOUND: { status: 404, zh: '办件 {id} 没有办理时限记录', en: 'Application {id} has no legal clock' },
  TB_SUPERVISION_SUSPENSION_KIND_UNDECLARED: {
    status: 422,
    zh: '该事项未声明“{kind}”中止计时情形，可选：{declared}',
    en: 'The item declares no suspension of kind {kind}; declared: {declared}',
  },
  TB_SUPERVISION_CLOCK_ALREADY_STOPPED: { status: 409, zh: '办件已在暂停计时中（{kind}）', en: 'The clock of the application is already stopped ({kind})' },
  TB_SUPERVISION_SUSPENSION_NOT_FOUND: { status: 404, zh: '中止计时记录 {id} 不存在', en: 'Suspension {id} does not exist' },
  TB_SUPERVISION_SUSPENSION_NOT_OPEN: { status: 409, zh: '该中止计时已结束或不能由此结束', en: 'The suspension has ended or cannot be ended here' },
  TB_SUPERVISION_DEADLINE_PASSED: {
    status: 409,
    zh: '办件已超过办理时限，不能再{action}',
    en: 'The deadline has passed; the application can no longer be {action}',
  },
  TB_SUPERVISION_EXTENSION_NOT_FOUND: { status: 404, zh: '延期申请 {id} 不存在', en: 'Extension {id} does not exist' },
  TB_SUPERVISION_EXTENSION_LIMIT_EXCEEDED: {
    status: 422,
    zh: '延长期限累计不得超过 {max} 个工作日（已延长 {used} 个工作日）',
    en: 'Extensions may add at most {max} working days in total ({used} already added)',
  },
  TB_SUPERVISION_EXTENSION_PENDING: { status: 409, zh: '已有待审批的延期申请', en: 'An extension request is already pending' },
  TB_SUPERVISION_EXTENSION_DECIDED: { status: 409, zh: '延期申请已审批', en: 'The extension request has already been decided' },
  TB_SUPERVISION_EXTENSION_SELF_APPROVAL: {
    status: 403,
    zh: '延期须由申请人以外的负责人批准',
    en: 'An extension must be approved by someone other than the requester',
  },
  TB_SUPERVISION_PERIOD_INVALID: { status: 400, zh: '统计期间无效：{reason}', en: 'The period is invalid: {reason}' },
  TB_SUPERVISION_WEIGHTS_INVALID: { status: 400, zh: '评分权重无效：{reason}', en: 'The score weights are invalid: {reason}' },

  // evaluations (好差评) and rectifications (整改)
  TB_EVALUATION_NOT_APPLICANT: { status: 403, zh: '只有申请人可以评价本办件', en: 'Only the applicant can evaluate this application' },
  TB_EVALUATION_ALREADY_GIVEN: { status: 409, zh: '该办件的“{stage}”环节已评价过', en: 'The {stage} stage of this application has already been evaluated' },
  TB_EVALUATION_STAGE_NOT_REACHED: {
    status: 409,
    zh: '办件尚未完成“{stage}”环节，暂不能评价',
    en: 'The {stage} stage of the application is not finished yet',
  },
  TB_EVALUATION_TASK_MISMATCH: { status: 422, zh: '任务 {taskId} 不是本办件已办结的“{stage}”环节', en: 'Task {taskId} is no finished {stage} step of this application' },
  TB_EVALUATION_RECTIFICATION_NOT_FOUND: { status: 404, zh: '整改单 {id} 不存在', en: 'Rectification {id} does not exist' },
  TB_EVALUATION_RECTIFICATION_STEP_INVALID: {
    status: 409,
    zh: '整改单当前状态为“{status}”，不能{step}',
    en: 'The rectification is {status}; it cannot be {step} now',
  },

  // working-day calendar administration (messages shared with @tongban/calendar)
  TB_CALENDAR_DATE_INVALID: { status: 400, zh: '日期应为真实存在的公历日期，格式为 YYYY-MM-DD', en: 'The date must be a real Gregorian date written YYYY-MM-DD' },
  TB_CALENDAR_DATE_DUPLICATE: { status: 400, zh: '同一日期只能有一条放假或调休上班记录', en: 'A date can have only one holiday or make-up working day entry' },
  TB_CALENDAR_KIND_INVALID: { status: 400, zh: '类型应为 holiday（放假）或 workday（调休上班）', en: 'The kind must be holiday or workday' },
  TB_CALENDAR_DAY_NOT_FOUND: { status: 404, zh: '日历中没有 {date} 的放假或调休记录', en: 'The calendar has no entry for {date}' },
  TB_CALENDAR_DATE_OUTSIDE_YEAR: { status: 400, zh: '日期 {date} 不在 {year} 年', en: 'The date {date} is not in {year}' },

  // collaboration (docs/collaboration.md): review assistant, offers of follow-on and proactive services, nearby handling
  TB_OFFER_NOT_FOUND: { status: 404, zh: '服务提醒 {id} 不存在', en: 'Offer {id} does not exist' },
  TB_OFFER_NOT_HOLDER: { status: 403, zh: '只有服务提醒的接收人可以处理', en: 'Only the holder the offer is addressed to can act on it' },
  TB_OFFER_NOT_PENDING: { status: 409, zh: '该服务提醒已{status}', en: 'The offer has already been {status}' },
  TB_OFFER_EXPIRED: { status: 409, zh: '该服务提醒已于 {expiresAt} 过期', en: 'The offer expired at {expiresAt}' },
  TB_OFFER_EVENT_SOURCE_NOT_FOUND: { status: 404, zh: '事件来源 {key} 不存在', en: 'The event source {key} does not exist' },
  TB_NEARBY_NOT_SERVICE_POINT: {
    status: 403,
    zh: '您不是受理该办件的就近办服务点（{region}）的工作人员',
    en: 'You are not staff of the service point that received the application ({region})',
  },
  TB_NEARBY_NOT_RECEIVED_AT_SERVICE_POINT: {
    status: 409,
    zh: '该办件不是由乡镇（街道）、村（社区）等服务点就近受理的',
    en: 'The application was not received at a service point for a higher level',
  },
  TB_NEARBY_PRE_CHECK_SUBJECT: {
    status: 400,
    zh: '预审须指定已提交的办件（applicationId）或待提交的申请（submission），二者取其一',
    en: 'A pre-check names either a submitted application (applicationId) or a submission to be made, not both',
  },
  TB_NEARBY_MATERIAL_UNKNOWN: { status: 400, zh: '材料 {materialId} 不在该事项的材料清单中', en: 'Material {materialId} is not in the item’s checklist' },
  TB_NEARBY_HANDOVER_NOT_FOUND: { status: 404, zh: '原件移交记录 {id} 不存在', en: 'Handover {id} does not exist' },
  TB_NEARBY_HANDOVER_RECEIVED: { status: 409, zh: '原件已于 {at} 签收', en: 'The originals were received at {at}' },
  TB_NEARBY_NOT_COMPETENT: {
    status: 403,
    zh: '只有办件的承办部门可以签收原件',
    en: 'Only the department handling the application can receive the originals',
  },
} as const;

/** A code of the catalogue. */
export type ErrorCode = keyof typeof errorCatalogue;

/** One failing field, as every 4xx body lists them. */
export interface ErrorDetail {
  path: string;
  code: string;
  message: { zh: string; en: string };
  location?: 'body' | 'querystring' | 'params' | 'headers';
}

/** A message param that differs by language. */
export interface Bilingual {
  zh: string;
  en: string;
}

const isBilingual = (value: unknown): value is Bilingual =>
  typeof value === 'object' && value !== null && typeof (value as Bilingual).zh === 'string' && typeof (value as Bilingual).en === 'string';

const fill = (template: string, params: Record<string, unknown>, language: 'zh' | 'en') =>
  template.replace(/\{(\w+)\}/g, (match, key: string) => {
    if (!(key in params)) return match;
    const value = params[key];
    return isBilingual(value) ? value[language] : String(value);
  });

/**
 * An error the runtime answers with a 4xx (or a modelled 5xx such as an unavailable dependency): a catalogue code,
 * params for the message templates, the failing field's path and details.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly statusCode: number;
  readonly params: Record<string, unknown>;
  readonly path: string | undefined;
  readonly details: ErrorDetail[] | undefined;

  constructor(code: ErrorCode, options: { params?: Record<string, unknown>; path?: string; details?: ErrorDetail[] } = {}) {
    const entry = errorCatalogue[code];
    super(fill(entry.en, options.params ?? {}, 'en'));
    this.name = 'AppError';
    this.code = code;
    this.statusCode = entry.status;
    this.params = options.params ?? {};
    this.path = options.path;
    this.details = options.details;
  }

  /** The bilingual message with params filled in. */
  get localized(): { zh: string; en: string } {
    const entry = errorCatalogue[this.code];
    return { zh: fill(entry.zh, this.params, 'zh'), en: fill(entry.en, this.params, 'en') };
  }

  /** The response body every 4xx shares. */
  toBody(requestId?: string): ErrorBody {
    const body: ErrorBody = { code: this.code, message: this.localized };
    if (this.path !== undefined) body.path = this.path;
    if (this.details && this.details.length > 0) body.details = this.details;
    if (requestId) body.requestId = requestId;
    return body;
  }
}

/** The shape of every error response. */
export type { ErrorBody } from '@tongban/schemas';
import type { ErrorBody } from '@tongban/schemas';

/** JSON Schema of {@link ErrorBody}, used as every route's 4xx/5xx response schema. */
export { errorBodySchema } from '@tongban/schemas';
