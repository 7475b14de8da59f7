// A plausible input for a procedure, built from its validator's JSON Schema (zod's own export), so
// the fuzz test can break one field at a time and reach the code behind the validator: a malformed
// value inside an otherwise acceptable input is what used to slip through to the database.
import { z } from 'zod';

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  prefixItems?: JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  default?: unknown;
  additionalProperties?: JsonSchema | boolean;
};

export const SAMPLE_UUID = '00000000-0000-4000-8000-000000000001';

/** The procedure's validators (tRPC `_def.inputs`) as one JSON Schema, or null without any. */
export function inputSchemaOf(inputs: unknown[]): JsonSchema | null {
  const schemas = inputs.flatMap((parser) => {
    try {
      return [z.toJSONSchema(parser as z.ZodType, { io: 'input', unrepresentable: 'any' }) as JsonSchema];
    } catch {
      return [];
    }
  });
  if (schemas.length === 0) return null;
  return schemas.length === 1 ? schemas[0]! : { allOf: schemas };
}

export function sampleInput(schema: JsonSchema, depth = 0): unknown {
  if (depth > 8) return null;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) return sampleInput(variants.find((variant) => variant.type !== 'null') ?? variants[0]!, depth + 1);
  if (schema.allOf) return Object.assign({}, ...schema.allOf.map((part) => sampleInput(part, depth + 1)));
  const type = Array.isArray(schema.type) ? schema.type.find((name) => name !== 'null') : schema.type;
  switch (type) {
    case 'string':
      return sampleString(schema);
    case 'integer':
    case 'number':
      return Math.min(schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : 1), schema.maximum ?? Infinity);
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'array':
      return Array.from({ length: schema.minItems ?? 0 }, (_, index) => sampleInput(schema.prefixItems?.[index] ?? schema.items ?? {}, depth + 1));
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, property] of Object.entries(schema.properties ?? {})) out[key] = sampleInput(property, depth + 1);
      return out;
    }
    default:
      return schema.default ?? 'fuzz';
  }
}

function sampleString(schema: JsonSchema): string {
  switch (schema.format) {
    case 'uuid':
      return SAMPLE_UUID;
    case 'email':
      return 'fuzz@example.test';
    case 'uri':
      return 'https://example.test/fuzz';
    case 'date-time':
      return new Date(0).toISOString();
    case 'date':
      return '2025-01-01';
  }
  const base = 'fuzz sample text';
  return base.padEnd(schema.minLength ?? 0, 'x').slice(0, schema.maxLength ?? Infinity);
}
