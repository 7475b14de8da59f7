import type { BlockOf, ConditionRule } from './blocks.js';
import { normalizeText } from './normalizeText.js';
import { testPattern } from './safeRegExp.js';
import { formatValue, readVariable, renderTemplate, type Variables } from './template.js';

/** The handle a condition block leaves by: the first branch whose rules hold, else `default`. */
export function evaluateCondition(block: BlockOf<'condition'>, variables: Variables): string {
  for (const branch of block.data.branches) {
    const results = branch.rules.map((rule) => evaluateRule(rule, variables));
    const holds = branch.match === 'any' ? results.some(Boolean) : results.length > 0 && results.every(Boolean);
    if (holds) return `branch:${branch.id}`;
  }
  return 'default';
}

/** Text comparisons ignore case and accents; greater/less compare numbers. */
export function evaluateRule(rule: ConditionRule, variables: Variables): boolean {
  const raw = readVariable(variables, rule.variable);
  const isSet = raw !== undefined && raw !== null && raw !== '';
  const actual = normalizeText(formatValue(raw));
  const expected = renderTemplate(rule.value ?? '', variables);
  const wanted = normalizeText(expected);
  switch (rule.operator) {
    case 'is_set':
      return isSet;
    case 'is_not_set':
      return !isSet;
    case 'equals':
      return actual === wanted;
    case 'not_equals':
      return actual !== wanted;
    case 'contains':
      return wanted !== '' && actual.includes(wanted);
    case 'not_contains':
      return wanted === '' || !actual.includes(wanted);
    case 'starts_with':
      return actual.startsWith(wanted);
    case 'greater_than':
    case 'less_than': {
      const left = toNumber(raw);
      const right = toNumber(expected);
      if (left === null || right === null) return false;
      return rule.operator === 'greater_than' ? left > right : left < right;
    }
    case 'matches':
      return isSet && testPattern(expected, formatValue(raw));
  }
}

function toNumber(value: unknown): number | null {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string' || value.trim() === '') return null;
  const number = Number(value.trim().replace(',', '.'));
  return Number.isFinite(number) ? number : null;
}
