// The set-variable block's expressions: literals, variables, arithmetic, comparisons and a fixed
// list of text and number functions, parsed and evaluated here. Nothing reaches eval, Function or
// any object outside the variables map, so a flow designer cannot run code on the server.
import { readVariable, formatValue, type Variables } from './template.js';

export class ExpressionError extends Error {
  override name = 'ExpressionError';
}

export const EXPRESSION_MAX_LENGTH = 1000;
const MAX_DEPTH = 40;
const MAX_TEXT = 10_000;

type Value = string | number | boolean | null;
type Node =
  | { kind: 'literal'; value: Value }
  | { kind: 'variable'; path: string }
  | { kind: 'unary'; op: '-' | '!'; operand: Node }
  | { kind: 'binary'; op: string; left: Node; right: Node }
  | { kind: 'call'; name: string; args: Node[] };
type Token = { type: 'number' | 'string' | 'name' | 'op'; text: string; value?: string | number };

/** Parses without evaluating: the validator reports syntax errors and unknown functions in the editor. */
export function parseExpression(source: string): Node {
  if (source.length > EXPRESSION_MAX_LENGTH) throw new ExpressionError(`the expression is longer than ${EXPRESSION_MAX_LENGTH} characters`);
  const tokens = tokenize(source);
  let position = 0;
  const peek = () => tokens[position];
  const take = () => tokens[position++];
  const expectOp = (text: string) => {
    const token = take();
    if (!token || token.type !== 'op' || token.text !== text)
      throw new ExpressionError(`expected "${text}"${token ? ` but found "${token.text}"` : ' at the end'}`);
  };
  const binaryLevels: string[][] = [['||'], ['&&'], ['==', '!='], ['<', '<=', '>', '>='], ['+', '-'], ['*', '/', '%']];

  const parseLevel = (level: number, depth: number): Node => {
    if (depth > MAX_DEPTH) throw new ExpressionError('the expression is nested too deeply');
    if (level === binaryLevels.length) return parseUnary(depth);
    let left = parseLevel(level + 1, depth + 1);
    for (;;) {
      const token = peek();
      if (!token || token.type !== 'op' || !binaryLevels[level]!.includes(token.text)) return left;
      take();
      left = { kind: 'binary', op: token.text, left, right: parseLevel(level + 1, depth + 1) };
    }
  };
  const parseUnary = (depth: number): Node => {
    const token = peek();
    if (token?.type === 'op' && (token.text === '-' || token.text === '!')) {
      take();
      return { kind: 'unary', op: token.text, operand: parseUnary(depth + 1) };
    }
    return parsePrimary(depth);
  };
  const parsePrimary = (depth: number): Node => {
    const token = take();
    if (!token) throw new ExpressionError('the expression ends too early');
    if (token.type === 'number' || token.type === 'string') return { kind: 'literal', value: token.value! };
    if (token.type === 'op' && token.text === '(') {
      const inner = parseLevel(0, depth + 1);
      expectOp(')');
      return inner;
    }
    if (token.type === 'name') {
      if (token.text === 'true' || token.text === 'false') return { kind: 'literal', value: token.text === 'true' };
      if (token.text === 'null') return { kind: 'literal', value: null };
      const next = peek();
      if (next?.type === 'op' && next.text === '(') {
        take();
        const name = token.text.toLowerCase();
        if (!Object.hasOwn(FUNCTIONS, name)) throw new ExpressionError(`unknown function "${token.text}" (known: ${Object.keys(FUNCTIONS).join(', ')})`);
        const args: Node[] = [];
        if (!(peek()?.type === 'op' && peek()!.text === ')')) {
          for (;;) {
            args.push(parseLevel(0, depth + 1));
            if (peek()?.type === 'op' && peek()!.text === ',') {
              take();
              continue;
            }
            break;
          }
        }
        expectOp(')');
        const [min, max] = FUNCTIONS[name]!.arity;
        if (args.length < min || args.length > max)
          throw new ExpressionError(`${name}() takes ${min === max ? min : `${min} to ${max === Infinity ? 'any number of' : max}`} arguments`);
        return { kind: 'call', name, args };
      }
      return { kind: 'variable', path: token.text };
    }
    throw new ExpressionError(`unexpected "${token.text}"`);
  };

  const tree = parseLevel(0, 0);
  const rest = peek();
  if (rest) throw new ExpressionError(`unexpected "${rest.text}"`);
  return tree;
}

/** Evaluates an expression against the variables; throws ExpressionError with a readable reason. */
export function evaluateExpression(source: string, variables: Variables, now: Date = new Date()): Value {
  return evaluate(parseExpression(source), variables, now);
}

/** Root variable names an expression reads (for the validator). */
export function expressionVariables(source: string): string[] {
  const names: string[] = [];
  const walk = (node: Node) => {
    if (node.kind === 'variable') names.push(node.path.split('.')[0]!);
    else if (node.kind === 'unary') walk(node.operand);
    else if (node.kind === 'binary') {
      walk(node.left);
      walk(node.right);
    } else if (node.kind === 'call') node.args.forEach(walk);
  };
  walk(parseExpression(source));
  return names;
}

function evaluate(node: Node, variables: Variables, now: Date): Value {
  switch (node.kind) {
    case 'literal':
      return node.value;
    case 'variable':
      return toValue(readVariable(variables, node.path));
    case 'unary': {
      const operand = evaluate(node.operand, variables, now);
      return node.op === '!' ? !truthy(operand) : -toNumber(operand, '-');
    }
    case 'binary':
      return binary(node.op, evaluate(node.left, variables, now), evaluate(node.right, variables, now));
    case 'call':
      return limitText(
        FUNCTIONS[node.name]!.run(
          node.args.map((arg) => evaluate(arg, variables, now)),
          now,
        ),
      );
  }
}

function binary(op: string, left: Value, right: Value): Value {
  switch (op) {
    case '+':
      // Answers typed as text ("30") still add as numbers; anything else joins as text.
      if (isNumeric(left) && isNumeric(right)) return finite(Number(left) + Number(right));
      return limitText(formatValue(left) + formatValue(right));
    case '-':
      return finite(toNumber(left, op) - toNumber(right, op));
    case '*':
      return finite(toNumber(left, op) * toNumber(right, op));
    case '/': {
      const divisor = toNumber(right, op);
      if (divisor === 0) throw new ExpressionError('division by zero');
      return finite(toNumber(left, op) / divisor);
    }
    case '%': {
      const divisor = toNumber(right, op);
      if (divisor === 0) throw new ExpressionError('division by zero');
      return finite(toNumber(left, op) % divisor);
    }
    case '==':
      return equal(left, right);
    case '!=':
      return !equal(left, right);
    case '<':
      return compare(left, right) < 0;
    case '<=':
      return compare(left, right) <= 0;
    case '>':
      return compare(left, right) > 0;
    case '>=':
      return compare(left, right) >= 0;
    case '&&':
      return truthy(left) && truthy(right);
    case '||':
      return truthy(left) || truthy(right);
    default:
      throw new ExpressionError(`unknown operator ${op}`);
  }
}

type Fn = { arity: [number, number]; run(args: Value[], now: Date): Value };
const text = (value: Value) => formatValue(value);
const FUNCTIONS: Record<string, Fn> = {
  upper: { arity: [1, 1], run: ([s]) => text(s!).toUpperCase() },
  lower: { arity: [1, 1], run: ([s]) => text(s!).toLowerCase() },
  trim: { arity: [1, 1], run: ([s]) => text(s!).trim() },
  length: { arity: [1, 1], run: ([s]) => [...text(s!)].length },
  concat: { arity: [0, 20], run: (args) => args.map(text).join('') },
  substring: {
    arity: [2, 3],
    run: ([s, start, count]) => {
      const chars = [...text(s!)];
      const from = Math.max(0, Math.trunc(toNumber(start!, 'substring')));
      const to = count === undefined ? chars.length : from + Math.max(0, Math.trunc(toNumber(count, 'substring')));
      return chars.slice(from, to).join('');
    },
  },
  replace: { arity: [3, 3], run: ([s, find, by]) => (text(find!) === '' ? text(s!) : text(s!).split(text(find!)).join(text(by!))) },
  contains: { arity: [2, 2], run: ([s, part]) => text(s!).toLowerCase().includes(text(part!).toLowerCase()) },
  first_word: { arity: [1, 1], run: ([s]) => text(s!).trim().split(/\s+/)[0] ?? '' },
  round: {
    arity: [1, 2],
    run: ([n, digits]) => {
      const places = digits === undefined ? 0 : Math.min(10, Math.max(0, Math.trunc(toNumber(digits, 'round'))));
      const factor = 10 ** places;
      return Math.round(toNumber(n!, 'round') * factor) / factor;
    },
  },
  floor: { arity: [1, 1], run: ([n]) => Math.floor(toNumber(n!, 'floor')) },
  ceil: { arity: [1, 1], run: ([n]) => Math.ceil(toNumber(n!, 'ceil')) },
  abs: { arity: [1, 1], run: ([n]) => Math.abs(toNumber(n!, 'abs')) },
  min: { arity: [1, 20], run: (args) => Math.min(...args.map((n) => toNumber(n, 'min'))) },
  max: { arity: [1, 20], run: (args) => Math.max(...args.map((n) => toNumber(n, 'max'))) },
  number: { arity: [1, 1], run: ([value]) => toNumber(value!, 'number') },
  text: { arity: [1, 1], run: ([value]) => text(value!) },
  default: { arity: [2, 2], run: ([value, fallback]) => (value === null || value === '' ? fallback! : value!) },
  if: { arity: [3, 3], run: ([test, yes, no]) => (truthy(test!) ? yes! : no!) },
  today: { arity: [0, 0], run: (_args, now) => now.toISOString().slice(0, 10) },
  now: { arity: [0, 0], run: (_args, now) => now.toISOString() },
};
export const EXPRESSION_FUNCTIONS = Object.keys(FUNCTIONS);

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const char = source[i]!;
    if (/\s/.test(char)) {
      i++;
      continue;
    }
    if (/[0-9]/.test(char) || (char === '.' && /[0-9]/.test(source[i + 1] ?? ''))) {
      const match = /^[0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?/.exec(source.slice(i))!;
      tokens.push({ type: 'number', text: match[0], value: Number(match[0]) });
      i += match[0].length;
      continue;
    }
    if (char === '"' || char === "'") {
      let value = '';
      let j = i + 1;
      for (; j < source.length && source[j] !== char; j++) {
        if (source[j] === '\\' && j + 1 < source.length) {
          const escaped = source[++j]!;
          value += escaped === 'n' ? '\n' : escaped === 't' ? '\t' : escaped;
        } else value += source[j];
      }
      if (j >= source.length) throw new ExpressionError('a text in quotes is not closed');
      tokens.push({ type: 'string', text: source.slice(i, j + 1), value });
      i = j + 1;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*/.exec(source.slice(i));
    if (name) {
      tokens.push({ type: 'name', text: name[0] });
      i += name[0].length;
      continue;
    }
    const op = ['&&', '||', '==', '!=', '<=', '>='].find((candidate) => source.startsWith(candidate, i)) ?? (/[-+*/%<>!(),]/.test(char) ? char : null);
    if (!op) throw new ExpressionError(`unexpected character "${char}"`);
    tokens.push({ type: 'op', text: op });
    i += op.length;
  }
  return tokens;
}

function toValue(value: unknown): Value {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return JSON.stringify(value);
}

function isNumeric(value: Value): boolean {
  if (typeof value === 'number') return true;
  return typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value.trim().replace(',', '.')));
}

function toNumber(value: Value, op: string): number {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (isNumeric(value)) return typeof value === 'number' ? value : Number((value as string).trim().replace(',', '.'));
  throw new ExpressionError(`${op} needs a number, got ${value === null ? 'nothing' : `"${formatValue(value)}"`}`);
}

function finite(value: number): number {
  if (!Number.isFinite(value)) throw new ExpressionError('the result is not a finite number');
  return value;
}

function truthy(value: Value): boolean {
  return !(value === null || value === false || value === 0 || value === '');
}

function equal(left: Value, right: Value): boolean {
  if (isNumeric(left) && isNumeric(right)) return Number(String(left).replace(',', '.')) === Number(String(right).replace(',', '.'));
  return formatValue(left) === formatValue(right);
}

function compare(left: Value, right: Value): number {
  if (isNumeric(left) && isNumeric(right)) return toNumber(left, '<') - toNumber(right, '<');
  return formatValue(left).localeCompare(formatValue(right));
}

function limitText(value: Value): Value {
  if (typeof value === 'string' && value.length > MAX_TEXT) throw new ExpressionError(`the text result is longer than ${MAX_TEXT} characters`);
  return value;
}
