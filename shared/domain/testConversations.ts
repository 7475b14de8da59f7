// Conversations with the test phone's customers (issue 15) are kept out of reports and can be shown,
// hidden or shown alone in the inbox: one vocabulary for the server's conversations.list filter and
// the renderer's filter control.
export const TEST_FILTER_VALUES = ['all', 'hide', 'only'] as const;
export type TestFilterValue = (typeof TEST_FILTER_VALUES)[number];
