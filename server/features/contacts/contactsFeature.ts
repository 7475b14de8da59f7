import type { Feature } from '#server/app/feature.js';
import { registerImportJob } from './importContacts.js';

/** Background work of contacts: CSV imports on the durable job runner. */
export const contactsFeature: Feature = {
  name: 'contacts',
  start(app) {
    registerImportJob(app);
  },
};
