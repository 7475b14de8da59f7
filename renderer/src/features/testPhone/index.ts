// The test phone's public face: the screen (its own chunk, loaded when the route opens), the link
// other screens offer, the inbox's "Test" badge and its strings.
import { lazy } from 'react';

export const TestPhoneScreen = lazy(() => import('./TestPhoneScreen'));
export { OpenTestPhoneLink } from './OpenTestPhoneLink';
export { TestBadge } from './TestBadge';
export { TestFilter, type TestFilterValue } from './TestFilter';
export { testPhoneMessages } from './messages';
export { isTestConversation, testFilterInput } from './inboxSupport';
