// The server's tRPC API as a type only: the renderer gets end-to-end types without bundling server code.
export type { AppRouter } from '#server/trpc/appRouter.js';
