// Limits on one /v1/embeddings request. Without them one request of an 8 MB body (a few million
// one-character inputs) held the server for about two minutes. OpenAI allows 2,048 inputs, 8,192
// tokens each and 300,000 tokens in all; this server embeds through the gateway one request at a
// time and caches per input, so it allows fewer inputs. Sizes are counted in characters (about four
// a token in English, fewer in Portuguese), which needs no tokenizer.
export const EMBEDDING_INPUTS_MAX = 256;
export const EMBEDDING_INPUT_CHARS_MAX = 32_768;
export const EMBEDDING_TOTAL_CHARS_MAX = 1_000_000;
export const EMBEDDING_DIMENSIONS_MAX = 8_192;

export type EmbeddingsProblem = { message: string; param: string };

export function validateEmbeddingsInput(input: unknown, dimensions: unknown): EmbeddingsProblem | null {
  if (!(typeof input === 'string' || (Array.isArray(input) && input.every((item) => typeof item === 'string')))) {
    return { message: 'input must be a string or a list of strings', param: 'input' };
  }
  const inputs: string[] = typeof input === 'string' ? [input] : input;
  if (inputs.length === 0) return { message: 'input must not be an empty list', param: 'input' };
  if (inputs.length > EMBEDDING_INPUTS_MAX) {
    return { message: `input has ${inputs.length} items; at most ${EMBEDDING_INPUTS_MAX} are allowed in one request (send several requests)`, param: 'input' };
  }
  let total = 0;
  for (const [index, text] of inputs.entries()) {
    const where = typeof input === 'string' ? 'input' : `input[${index}]`;
    if (text.length === 0) return { message: `${where} is an empty string`, param: where };
    if (text.length > EMBEDDING_INPUT_CHARS_MAX)
      return { message: `${where} has ${text.length} characters; at most ${EMBEDDING_INPUT_CHARS_MAX} are allowed`, param: where };
    total += text.length;
  }
  if (total > EMBEDDING_TOTAL_CHARS_MAX) {
    return { message: `input has ${total} characters in all; at most ${EMBEDDING_TOTAL_CHARS_MAX} are allowed in one request`, param: 'input' };
  }
  if (
    dimensions !== undefined &&
    (typeof dimensions !== 'number' || !Number.isInteger(dimensions) || dimensions < 1 || dimensions > EMBEDDING_DIMENSIONS_MAX)
  ) {
    return { message: `dimensions must be an integer from 1 to ${EMBEDDING_DIMENSIONS_MAX}`, param: 'dimensions' };
  }
  return null;
}
