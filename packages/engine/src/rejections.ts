import type { EngineRejectionCode, StepRejection } from './types/state.js';
import type { LocalizedMessage } from './types/report.js';

const MESSAGES: Record<EngineRejectionCode, LocalizedMessage> = {
  TB_ENGINE_INSTANCE_NOT_FOUND: { zh: '流程实例不存在', en: 'The process instance does not exist' },
  TB_ENGINE_INSTANCE_ALREADY_STARTED: { zh: '流程实例已经启动', en: 'The process instance has already been started' },
  TB_ENGINE_INSTANCE_NOT_ACTIVE: { zh: '流程实例已结束，不能再处理命令', en: 'The process instance has ended and accepts no more commands' },
  TB_ENGINE_STATE_VERSION_UNSUPPORTED: { zh: '实例状态版本不受支持', en: 'The instance state version is not supported' },
  TB_ENGINE_PROCESS_NOT_FOUND: { zh: '流程定义中没有该流程', en: 'The definition has no such process' },
  TB_ENGINE_PROCESS_NOT_EXECUTABLE: { zh: '该流程不可执行', en: 'The process is not executable' },
  TB_ENGINE_START_EVENT_NOT_FOUND: { zh: '流程没有该开始事件', en: 'The process has no such start event' },
  TB_ENGINE_TASK_NOT_FOUND: { zh: '任务不存在或已完成', en: 'The task does not exist or is already done' },
  TB_ENGINE_JOB_NOT_FOUND: { zh: '作业不存在或已完成', en: 'The job does not exist or is already done' },
  TB_ENGINE_JOB_NOT_ACTIVATABLE: { zh: '作业已失败，需先解决事件', en: 'The job has failed; resolve its incident first' },
  TB_ENGINE_TIMER_NOT_FOUND: { zh: '定时器不存在或已取消', en: 'The timer does not exist or was cancelled' },
  TB_ENGINE_SUBSCRIPTION_NOT_FOUND: { zh: '消息订阅不存在或已关闭', en: 'The message subscription does not exist or was closed' },
  TB_ENGINE_CALL_NOT_FOUND: { zh: '调用活动不存在或已结束', en: 'The call activity does not exist or has ended' },
  TB_ENGINE_INCIDENT_NOT_FOUND: { zh: '事件（故障）不存在或已解决', en: 'The incident does not exist or is already resolved' },
  TB_ENGINE_INVALID_COMMAND: { zh: '命令无效：{detail}', en: 'Invalid command: {detail}' },
};

/** Builds a typed rejection. */
export function reject(code: EngineRejectionCode, detail = ''): StepRejection {
  const message = MESSAGES[code];
  return { rejected: true, code, message: { zh: message.zh.replace('{detail}', detail), en: message.en.replace('{detail}', detail) } };
}

/** Every rejection code, for the catalogue test and the docs. */
export const ENGINE_REJECTION_CODES = Object.keys(MESSAGES) as EngineRejectionCode[];
