// A client's HTTP tool as its administrators define it (server/features/aiTools, the settings
// page): what the model sees (name, description, parameters as a small JSON Schema) and what a
// call does (method, URL template with {param} placeholders, headers kept in the vault, timeout).
import { z } from 'zod';
import { safeText } from '../domain/safeText.js';
import { BUILTIN_AI_TOOLS } from './botConfiguration.js';

export const HTTP_TOOL_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export const PARAMETER_TYPES = ['string', 'number', 'integer', 'boolean'] as const;
export const HTTP_TOOL_LIMITS = { description: 1_000, parameters: 20, headers: 20, url: 2_000, timeoutMs: { min: 100, max: 60_000 } } as const;

const TOOL_NAME = /^[a-zA-Z][a-zA-Z0-9_-]{0,63}$/;
const PARAM_NAME = /^[a-zA-Z_][a-zA-Z0-9_]{0,63}$/;

export const toolParameterSchema = z.strictObject({
  type: z.enum(PARAMETER_TYPES, 'a parameter type is string, number, integer or boolean'),
  description: safeText().trim().max(500, 'at most 500 characters').optional(),
  enum: z
    .array(z.union([safeText().max(200), z.number()]))
    .max(50)
    .optional(),
});

/** The JSON Schema subset tools accept: an object of scalar properties. */
export const toolParametersSchema = z
  .strictObject({
    type: z.literal('object', 'the parameters are a JSON Schema of type "object"'),
    properties: z.record(z.string().regex(PARAM_NAME, 'a parameter name uses letters, digits and "_"'), toolParameterSchema).default({}),
    required: z.array(z.string()).default([]),
  })
  .refine((schema) => Object.keys(schema.properties).length <= HTTP_TOOL_LIMITS.parameters, `at most ${HTTP_TOOL_LIMITS.parameters} parameters`)
  .refine((schema) => schema.required.every((name) => name in schema.properties), 'a required parameter is not among the properties');
export type ToolParameters = z.infer<typeof toolParametersSchema>;

export const httpToolInput = z
  .strictObject({
    /** Absent: a new tool. */
    id: z.string().uuid('not a valid tool id').optional(),
    name: z
      .string()
      .regex(TOOL_NAME, 'a tool name starts with a letter and uses letters, digits, "_" or "-" (at most 64)')
      .refine((name) => !(BUILTIN_AI_TOOLS as readonly string[]).includes(name), 'this name is a built-in tool'),
    description: safeText().trim().min(1, 'say what the tool does: the model reads it').max(HTTP_TOOL_LIMITS.description),
    parameters: toolParametersSchema,
    method: z.enum(HTTP_TOOL_METHODS),
    urlTemplate: safeText().trim().min(1, 'a URL is needed').max(HTTP_TOOL_LIMITS.url),
    /** A header with an empty value keeps the value stored under its name. */
    headers: z
      .array(z.strictObject({ name: z.string().regex(/^[A-Za-z0-9-]{1,100}$/, 'a header name uses letters, digits and "-"'), value: safeText().max(4_000) }))
      .max(HTTP_TOOL_LIMITS.headers)
      .refine((list) => new Set(list.map((header) => header.name.toLowerCase())).size === list.length, 'a header is listed twice'),
    timeoutMs: z
      .number()
      .int()
      .min(HTTP_TOOL_LIMITS.timeoutMs.min, `at least ${HTTP_TOOL_LIMITS.timeoutMs.min} ms`)
      .max(HTTP_TOOL_LIMITS.timeoutMs.max, `at most ${HTTP_TOOL_LIMITS.timeoutMs.max} ms`),
    isActive: z.boolean().default(true),
  })
  .superRefine((tool, context) => {
    const placeholders = [...tool.urlTemplate.matchAll(/\{([^}]*)\}/g)].map((match) => match[1]!);
    const unknown = placeholders.find((name) => !(name in tool.parameters.properties));
    if (unknown !== undefined) context.addIssue({ code: 'custom', path: ['urlTemplate'], message: `the URL uses {${unknown}}, which is not a parameter` });
    let url: URL | null = null;
    try {
      url = new URL(tool.urlTemplate.replace(/\{[^}]*\}/g, 'x'));
    } catch {
      /* refused below */
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:'))
      context.addIssue({ code: 'custom', path: ['urlTemplate'], message: 'the URL must be an http:// or https:// address' });
  });
export type HttpToolInput = z.infer<typeof httpToolInput>;

/** As the API returns it: header values never leave the server. */
export type HttpToolView = Omit<HttpToolInput, 'headers' | 'id'> & { id: string; headers: Array<{ name: string; isSet: boolean }>; updatedAt: string };

/**
 * Arguments against the parameters, checked by zod's JSON Schema reader: a list of problems
 * (empty when they fit). Models often send `null` for an optional parameter they leave out: those
 * count as absent.
 */
export function argumentProblems(parameters: ToolParameters, args: unknown): string[] {
  const given =
    typeof args === 'object' && args !== null && !Array.isArray(args) ? Object.fromEntries(Object.entries(args).filter(([, value]) => value !== null)) : args;
  const checked = z.fromJSONSchema({ ...parameters, additionalProperties: false }).safeParse(given);
  if (checked.success) return [];
  return checked.error.issues.map((issue) => (issue.path.length > 0 ? `"${issue.path.join('.')}": ${issue.message}` : issue.message));
}
