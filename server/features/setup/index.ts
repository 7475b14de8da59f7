// First-run set-up (issue 15): the owner's account and business from the browser, with sample content.
export { setupRouter } from './router.js';
export { setupFeature } from './setupFeature.js';
export { setupNeeded } from './setupNeeded.js';
export { setupStatus } from './setupStatus.js';
export { isLoopbackHost } from './setupToken.js';
