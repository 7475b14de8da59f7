// What the WhatsApp channel is handed instead of importing it: the responders that answer a
// stored message, audio transcription, and the sandbox number's transport. server/app composes
// them (composeMessagePath.ts), so this feature depends on none of flows, botReply, voice or
// sandbox, and they depend on it.
import type { AppContext } from '#server/app/appContext.js';
import { perApp } from '#server/app/perApp.js';
import type { InboundMessage, Responder } from '#server/app/responder.js';
import type { Tables } from '#server/db/tables.js';
import type { GraphClient } from './graph/graphClient.js';

type MessageRow = Tables['messages']['$inferSelect'];

export type ChannelPlugins = {
  /** Asked in order; the first that returns true has handled the message (see server/app/responder.ts). */
  responders: readonly Responder[];
  /**
   * A message in a conversation people handle (no responder is asked): recorded for whoever answers
   * next (the chat memory). Commits the message's answered mark with what it records, so a re-run
   * records nothing twice.
   */
  withPeople(inbound: InboundMessage): Promise<void>;
  /** Fills in an inbound audio's transcription; never throws (a failure is marked on the message). */
  transcribeAudio(app: AppContext, message: MessageRow): Promise<MessageRow>;
  /** The Graph client of a client's sandbox number (no Meta behind it). */
  sandboxGraphClient(app: AppContext, clientId: string, phoneNumberId: string): Promise<GraphClient>;
};

const registered = perApp((_app: AppContext) => ({ plugins: null as ChannelPlugins | null }));

export function registerChannelPlugins(app: AppContext, plugins: ChannelPlugins): void {
  registered(app).plugins = plugins;
}

export function channelPlugins(app: AppContext): ChannelPlugins {
  const { plugins } = registered(app);
  // A programming error, not a runtime condition: createServer always composes the channel.
  if (!plugins) throw new Error('the WhatsApp channel was not composed: server/app/composeMessagePath.ts registers its plugins');
  return plugins;
}
