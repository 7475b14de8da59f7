import { describe, expect, it } from 'vitest';
import type { ConversationView, MessageView } from '../types';
import { chronological, matchesFilters, patchConversationPages, patchMessagePages } from './cachePatches';

const conversation = (id: string, lastUpdate: string, extra: Partial<ConversationView> = {}): ConversationView => ({
  id,
  clienteWhatsappId: null,
  phone: `55${id}`,
  name: `Name ${id}`,
  status: 'bot',
  assignedTo: null,
  lastMessage: 'hi',
  lastUpdate,
  lastInboundAt: lastUpdate,
  unreadCount: 0,
  snoozedUntil: null,
  priority: 'normal',
  createdAt: lastUpdate,
  isTest: false,
  phoneNumberId: null,
  teamId: null,
  queuedAt: null,
  ...extra,
});
const message = (id: string, timestamp: string, extra: Partial<MessageView> = {}): MessageView => ({
  id,
  conversationId: 'c',
  phone: '55',
  name: null,
  content: id,
  type: 'text',
  direction: 'incoming',
  status: 'received',
  timestamp,
  metadata: {},
  wamid: null,
  mediaId: null,
  mediaUrl: null,
  mediaType: null,
  transcription: null,
  errorDetails: null,
  sentBy: null,
  sendAttempts: 0,
  nextAttemptAt: null,
  createdAt: timestamp,
  updatedAt: timestamp,
  ...extra,
});

describe('conversation list patches', () => {
  const pages = [{ items: [conversation('b', '2026-01-02'), conversation('a', '2026-01-01')], nextCursor: null }];

  it('moves an updated conversation to its place, once', () => {
    const moved = patchConversationPages(pages, conversation('a', '2026-01-03', { lastMessage: 'new' }), true);
    expect(moved[0]!.items.map((item) => [item.id, item.lastMessage])).toEqual([
      ['a', 'new'],
      ['b', 'hi'],
    ]);
    const again = patchConversationPages(moved, conversation('a', '2026-01-03', { lastMessage: 'new' }), true);
    expect(again[0]!.items.map((item) => item.id)).toEqual(['a', 'b']);
  });

  it('removes a conversation that no longer matches and adds a new one', () => {
    expect(patchConversationPages(pages, conversation('b', '2026-01-05'), false)[0]!.items.map((item) => item.id)).toEqual(['a']);
    expect(patchConversationPages(pages, conversation('z', '2026-01-04'), true)[0]!.items.map((item) => item.id)).toEqual(['z', 'b', 'a']);
  });

  it('leaves an old conversation for "load more" when more pages exist', () => {
    const partial = [{ items: [conversation('b', '2026-01-02')], nextCursor: 'next' }];
    expect(patchConversationPages(partial, conversation('old', '2025-01-01'), true)[0]!.items.map((item) => item.id)).toEqual(['b']);
  });

  it('knows which lists a conversation belongs to', () => {
    const mine = conversation('m', '2026-01-01', { status: 'humano', assignedTo: 'me' });
    expect(matchesFilters(mine, { status: 'humano', assigned: 'me', search: '' }, 'me')).toBe(true);
    expect(matchesFilters(mine, { status: 'bot', assigned: 'any', search: '' }, 'me')).toBe(false);
    expect(matchesFilters(mine, { status: 'all', assigned: 'unassigned', search: '' }, 'me')).toBe(false);
    expect(matchesFilters(mine, { status: 'all', assigned: 'any', search: 'joão' }, 'me')).toBeNull();
    // The test phone's conversations: shown, hidden or alone, by the test filter.
    const test = conversation('t', '2026-01-01T00:00:00.000Z', { isTest: true });
    expect(matchesFilters(test, { status: 'all', assigned: 'any', search: '', tests: 'hide' }, 'me')).toBe(false);
    expect(matchesFilters(test, { status: 'all', assigned: 'any', search: '', tests: 'only' }, 'me')).toBe(true);
    expect(matchesFilters(mine, { status: 'all', assigned: 'any', search: '', tests: 'only' }, 'me')).toBe(false);
    expect(matchesFilters(mine, { status: 'all', assigned: 'any', search: '', tests: 'hide' }, 'me')).toBe(true);
    // By number and by team.
    const sales = conversation('s', '2026-01-01', { phoneNumberId: '111', teamId: 'vendas' });
    expect(matchesFilters(sales, { status: 'all', assigned: 'any', search: '', phoneNumberId: '111', teamId: 'vendas' }, 'me')).toBe(true);
    expect(matchesFilters(sales, { status: 'all', assigned: 'any', search: '', phoneNumberId: '222' }, 'me')).toBe(false);
    expect(matchesFilters(sales, { status: 'all', assigned: 'any', search: '', teamId: 'suporte' }, 'me')).toBe(false);
  });
});

describe('message patches', () => {
  const pages = [
    { items: [message('m2', '2026-01-02'), message('m1', '2026-01-01')], nextCursor: 'older' },
    { items: [message('m0', '2025-12-31')], nextCursor: null },
  ];

  it('adds a new message once, even when its event is replayed', () => {
    const added = patchMessagePages(pages, message('m3', '2026-01-03'));
    const replayed = patchMessagePages(added, message('m3', '2026-01-03'));
    expect(chronological(replayed).map((item) => item.id)).toEqual(['m0', 'm1', 'm2', 'm3']);
  });

  it('orders messages of the same second by arrival', () => {
    const second = '2026-01-03T10:00:00.000Z';
    const pagesOfSecond = [
      {
        items: [message('zz', second, { createdAt: '2026-01-03T10:00:00.100Z' }), message('aa', second, { createdAt: '2026-01-03T10:00:00.900Z' })],
        nextCursor: null,
      },
    ];
    expect(chronological(pagesOfSecond).map((item) => item.id)).toEqual(['zz', 'aa']);
  });

  it('replaces a message by id and never goes back to an older version', () => {
    const read = patchMessagePages(pages, message('m1', '2026-01-01', { status: 'read', updatedAt: '2026-01-01T10:00:00Z' }));
    expect(chronological(read).find((item) => item.id === 'm1')!.status).toBe('read');
    const stale = patchMessagePages(read, message('m1', '2026-01-01', { status: 'delivered', updatedAt: '2026-01-01T09:00:00Z' }));
    expect(chronological(stale).find((item) => item.id === 'm1')!.status).toBe('read');
  });
});
