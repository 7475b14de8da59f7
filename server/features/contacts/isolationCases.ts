// Tenant isolation cases for contacts.* (see server/testing/isolation/isolationCase.ts).
import type { FeatureIsolation } from '#server/testing/isolation/isolationCase.js';

export const isolation: FeatureIsolation = {
  async seed(world) {
    const { a } = world;
    const { admin, agent } = a.members;
    await admin.caller.contacts.attributes.define({
      key: `seg_${a.slug.replace(/\W/g, '_')}`.slice(0, 40).toLowerCase(),
      label: `Segmento ${a.name}`,
      type: 'text',
    });
    const label = await admin.caller.contacts.labels.create({ name: `Etiqueta ${a.slug}` });
    const contact = await agent.caller.contacts.save({ name: `Contato secreto ${a.slug}`, phone: '5511955551234' });
    const other = await agent.caller.contacts.save({ name: `Outro contato ${a.slug}`, phone: '5511955554321' });
    await agent.caller.contacts.setLabels({ contactId: contact.contact.id, labelIds: [label.id] });
    const note = await agent.caller.contacts.addNote({ contactId: contact.contact.id, body: `Nota privada de ${a.slug}` });
    const started = await admin.caller.contacts.import.start({
      fileName: `lista-${a.slug}.csv`,
      csv: 'nome,telefone\nImportada,5511955559999\n',
      mapping: { nome: 'name', telefone: 'phone' },
    });
    world.remember(a, 'contacts.id', contact.contact.id);
    world.remember(a, 'contacts.otherId', other.contact.id);
    world.remember(a, 'contacts.labelId', label.id);
    world.remember(a, 'contacts.noteId', note.id);
    world.remember(a, 'contacts.importId', started.id);
    world.remember(a, 'contacts.name', `Contato secreto ${a.slug}`);
  },
  async settle(world) {
    const { jobsSettled } = await import('#server/jobs/index.js');
    await jobsSettled(world.server.app.db, ['contacts.import'], 30_000);
  },
  cases: {
    'contacts.list': {
      why: "lists the caller's client's contacts only",
      probes: () => [{ expect: 'allowed' }, { as: 'viewer', input: { search: 'secreto' }, expect: 'allowed' }],
    },
    'contacts.get': {
      why: 'an id of another client is not found',
      probes: ({ a }) => [{ input: { id: a.data['contacts.id'] }, expect: 'denied', code: 'NOT_FOUND' }],
    },
    'contacts.save': {
      why: "an id of another client is not found; a new contact is created in the caller's client",
      probes: ({ a }) => [
        { as: 'agent', input: { id: a.data['contacts.id'], name: 'taken over' }, expect: 'denied', code: 'NOT_FOUND' },
        { as: 'agent', input: { name: 'B', phone: '5511955551234' }, expect: 'allowed' },
      ],
    },
    'contacts.merge': {
      why: "another client's contacts are not found",
      probes: ({ a }) => [{ as: 'agent', input: { keepId: a.data['contacts.id'], mergeId: a.data['contacts.otherId'] }, expect: 'denied', code: 'NOT_FOUND' }],
    },
    'contacts.setLabels': {
      why: "another client's contact is not found",
      probes: ({ a }) => [{ as: 'agent', input: { contactId: a.data['contacts.id'], labelIds: [] }, expect: 'denied', code: 'NOT_FOUND' }],
    },
    'contacts.setConversationLabels': {
      why: "another client's conversation is not found",
      probes: ({ a }) => [{ as: 'agent', input: { conversationId: a.data['contacts.id'], labelIds: [] }, expect: 'denied', code: 'NOT_FOUND' }],
    },
    'contacts.addNote': {
      why: "another client's contact is not found",
      probes: ({ a }) => [{ as: 'agent', input: { contactId: a.data['contacts.id'], body: 'x' }, expect: 'denied', code: 'NOT_FOUND' }],
    },
    'contacts.conversationLabels': {
      why: "labels are read in the caller's client only",
      probes: ({ a }) => [{ input: { conversationId: a.data['contacts.id'] }, expect: 'allowed' }],
    },
    'contacts.conversationNotes': {
      why: "notes are read in the caller's client only",
      probes: ({ a }) => [{ as: 'agent', input: { conversationId: a.data['contacts.id'] }, expect: 'allowed' }],
    },
    'contacts.export': { why: "exports the caller's client's contacts only", probes: () => [{ input: { search: 'secreto' }, expect: 'allowed' }] },
    'contacts.attributes.list': { why: "the caller's client's attributes only", probes: () => [{ expect: 'allowed' }] },
    'contacts.attributes.define': {
      why: "defines in the caller's client",
      probes: () => [{ input: { key: 'cidade', label: 'Cidade', type: 'text' }, expect: 'allowed' }],
    },
    'contacts.attributes.remove': {
      why: "another client's attribute key is not found",
      probes: () => [{ input: { key: 'never_defined_here' }, expect: 'denied', code: 'NOT_FOUND' }],
    },
    'contacts.labels.list': { why: "the caller's client's labels only", probes: () => [{ expect: 'allowed' }] },
    'contacts.labels.create': { why: "creates in the caller's client", probes: () => [{ input: { name: 'B label' }, expect: 'allowed' }] },
    'contacts.labels.delete': {
      why: "another client's label is not found",
      probes: ({ a }) => [{ input: { id: a.data['contacts.labelId'] }, expect: 'denied', code: 'NOT_FOUND' }],
    },
    'contacts.import.preview': {
      why: 'reads only the uploaded text',
      probes: () => [{ input: { csv: 'nome,telefone\nX,5511900000000\n' }, expect: 'allowed' }],
    },
    'contacts.import.start': {
      why: "imports into the caller's client",
      probes: () => [
        { input: { fileName: 'b.csv', csv: 'nome,telefone\nX,5511900000000\n', mapping: { nome: 'name', telefone: 'phone' } }, expect: 'allowed' },
      ],
    },
    'contacts.import.get': {
      why: "another client's import is not found",
      probes: ({ a }) => [{ input: { id: a.data['contacts.importId'] }, expect: 'denied', code: 'NOT_FOUND' }],
    },
  },
};
