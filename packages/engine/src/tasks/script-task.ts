/** Script tasks: a FEEL expression (`zeebe:script`) evaluated in place, or a job when a job type is given. */
import type { ElementBehavior } from '../behaviors/execution.js';
import { expressionBody, isExpression, toJsonValue } from '../behaviors/feel.js';
import type { ElementCompiler } from '../compile/context.js';
import { extension, readJob, text } from '../compile/moddle.js';

/** Compiles `bpmn:ScriptTask`. */
export const compileScriptTask: ElementCompiler = (element, cx) => {
  const script = extension(element, 'zeebe:Script');
  const expression = text(script, 'expression');
  const resultVariable = text(script, 'resultVariable');
  if (expression !== undefined && resultVariable !== undefined) {
    return { kind: 'scriptTask', script: { expression: isExpression(expression) ? expressionBody(expression) : expression, resultVariable } };
  }
  const job = readJob(element);
  if (job) return { kind: 'serviceTask', job };
  cx.report('TB_BPMN_MISSING_SCRIPT');
  return undefined;
};

/** Evaluates the expression and completes with `{ [resultVariable]: value }`; a failure raises an incident. */
export const scriptTaskBehavior: ElementBehavior = {
  activate(x, instance, element) {
    const script = element.script!;
    const outcome = x.evaluate(script.expression, instance.key);
    if (!outcome.ok) {
      x.raiseIncident(instance, 'expressionFailed', `script: ${outcome.message}`, 'activate');
      return;
    }
    x.complete(instance.key, { payload: { [script.resultVariable]: toJsonValue(outcome.value) } });
  },
};
