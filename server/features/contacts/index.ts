// The contacts feature's public surface: what other features may import (server/app/featureBoundaries.test.ts).
export { contactFilter, type ContactFilter } from './contactInput.js';
export { contactWhere } from './contactWhere.js';
export { loadAttributeDefinitions, writeAttributeValues } from './contactAttributes.js';
export { AttributeValueError } from './attributeValue.js';
export { csvCell } from './exportContacts.js';
export { flowContactAttributes } from './flowContactAttributes.js';
