/** Language of lint messages; bpmn-js-bpmnlint shows plain strings, so rules pick the half when they report. */
let lintLanguage: 'zh' | 'en' = 'zh';

/** Sets the language lint messages are reported in (re-run the linter afterwards). */
export function setLintLanguage(language: 'zh' | 'en'): void {
  lintLanguage = language;
}

/** The half of a bilingual message in the current lint language. */
export function pick(message: { zh: string; en: string }): string {
  return lintLanguage === 'zh' ? message.zh : message.en;
}

/** Chinese versions of the messages bpmnlint's built-in rules report, by English message (or its pattern). */
const BUILT_IN: [RegExp, string][] = [
  [/ is missing start event$/, '流程缺少开始事件'],
  [/ is missing end event$/, '流程缺少结束事件'],
  [/^Element is not connected$/, '元素未与流程连接'],
  [/^Flow splits implicitly$/, '流程隐式分支，请使用网关'],
  [/^Element is an implicit end$/, '元素是隐式结束，请连接结束事件'],
  [/^Element is an implicit start$/, '元素是隐式开始，请从开始事件连入'],
  [/^SequenceFlow is a duplicate$/, '重复的顺序流'],
  [/^Duplicate outgoing sequence flows$/, '重复的流出顺序流'],
  [/^Duplicate incoming sequence flows$/, '重复的流入顺序流'],
  [/^Gateway forks and joins$/, '网关同时汇聚和分支，请拆分为两个网关'],
  [/^Element is missing label\/name$/, '元素缺少名称'],
  [/^Incoming flows do not join$/, '多条流入未经网关汇聚'],
  [/^Gateway is superfluous/, '网关多余：只有一条流入和一条流出'],
  [/ has multiple blank start events$/, '存在多个空开始事件'],
  [/^Event has multiple event definitions$/, '事件有多个事件定义'],
  [/^An <Event-based Gateway> must have at least 2 outgoing/, '事件网关至少需要两条流出'],
  [/^A <Sequence Flow> outgoing from an <Event-based Gateway> must not be conditional$/, '事件网关的流出不能设置条件'],
  [/^Link event is missing link name$/, '链接事件缺少链接名称'],
  [/^Sequence flow is missing condition$/, '顺序流缺少条件'],
  [/^Element is missing bpmndi$/, '元素缺少图形信息（DI），画布上不可见'],
  [/^Start event must be blank$/, '子流程的开始事件必须是空开始事件'],
  [/^Termination is superfluous\.$/, '终止结束事件多余'],
  [/^Element overlaps with other element$/, '元素与其他元素重叠'],
  [/^Element is outside of parent boundary$/, '元素超出了父元素边界'],
];

/** The message of a built-in rule in the current lint language. */
export function localizeBuiltIn(message: string): string {
  if (lintLanguage === 'en') return message;
  for (const [pattern, zh] of BUILT_IN) if (pattern.test(message)) return zh;
  return message;
}
