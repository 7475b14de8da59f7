import type { BlockOf, BlockType } from '#shared/flows/blocks.js';

/** What every block form gets: its block, a way to replace it (per field, for undo), the flow's variables. */
export type BlockFormProps<T extends BlockType> = {
  block: BlockOf<T>;
  change(field: string, next: BlockOf<T>): void;
  variables: string[];
};
