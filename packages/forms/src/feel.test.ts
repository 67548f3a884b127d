import { describe, expect, it } from 'vitest';
import { clockFunctions, evaluateFeel, feelVariableNames, findFeelSyntaxError, isFeelExpression, testFeel, toPlainValue } from './feel';

describe('feelVariableNames', () => {
  it.each([
    ['=amount <= 2', ['amount']],
    ['=applicant.name + " " + applicant.idNumber', ['applicant']],
    ['=count(staff[role = "cook"]) > minimum', ['staff', 'role', 'minimum']],
    ['=list[item > x]', ['list', 'x']],
    ['=for p in people return p.age + offset', ['people', 'offset']],
    ['=some z in zs satisfies z > limit', ['zs', 'limit']],
    ['=every v in vals satisfies v > 0', ['vals']],
    ['=(function(a, b) a + b + c)(1, 2)', ['c']],
    ['=x instance of number', ['x']],
    ['=if isGood then ["good"] else ["bad"]', ['isGood']],
    ['=this.hideList and parent.x', ['this', 'parent']],
    ['={ k: v }.k', ['v']],
    ['=x not in (1, 2)', ['x']],
    ['=date(d) > today()', ['d']],
    ['=concatenate(myList2,myList3,myList4)', ['myList2', 'myList3', 'myList4']],
    ['amount > 3', ['amount']],
    ['=amount <=', []],
  ])('reads %s as %j', (expression, names) => {
    expect(feelVariableNames(expression)).toEqual(names);
  });
});

describe('findFeelSyntaxError', () => {
  it('finds nothing in valid FEEL and the offset of the first error otherwise', () => {
    expect(findFeelSyntaxError('=if a then 1 else 2')).toBeNull();
    expect(findFeelSyntaxError('=a +')).toMatchObject({ from: 3 });
    expect(findFeelSyntaxError('=')).toMatchObject({ message: 'empty expression' });
    expect(findFeelSyntaxError('< 3, > 10', 'unaryTests')).toBeNull();
  });
});

describe('evaluateFeel and testFeel', () => {
  it('evaluate only strings starting with =', () => {
    expect(isFeelExpression('=1')).toBe(true);
    expect(isFeelExpression('1')).toBe(false);
    expect(evaluateFeel('1 + 1', {})).toBeNull();
    expect(evaluateFeel('=1 + 1', {})).toBe(2);
    expect(testFeel(true, {})).toBeNull();
  });

  it('return null instead of throwing on FEEL errors', () => {
    expect(evaluateFeel('=a +', { a: 1 })).toBeNull();
    expect(testFeel('=a +', { a: 1 })).toBeNull();
  });

  it('treat a missing variable in a unary test as equal to the missing input', () => {
    expect(testFeel('=amount <= 2', {})).toBe(true);
    expect(testFeel('=amount <= 2', { amount: 3 })).toBe(false);
  });
});

describe('clockFunctions', () => {
  it('gives now() and today() from the injected instant in the service time zone', () => {
    const context = clockFunctions({ now: '2026-04-23T17:30:00Z' });
    expect(toPlainValue(evaluateFeel('=today()', context))).toBe('2026-04-24');
    expect(evaluateFeel('=string(now())', context)).toBe('2026-04-24T01:30:00@Asia/Shanghai');
    expect(toPlainValue(evaluateFeel('=today()', clockFunctions({ now: '2026-04-23T17:30:00Z', timeZone: 'UTC' })))).toBe('2026-04-23');
  });

  it('gives null without a clock, never the system time', () => {
    expect(evaluateFeel('=today()', clockFunctions({}))).toBeNull();
    expect(evaluateFeel('=now()', clockFunctions({}))).toBeNull();
  });
});
