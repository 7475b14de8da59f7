// The contacts' public face for other screens: the inbox's label filter and the thread's labels and private notes.
export { LabelFilter } from './LabelFilter';
export { ThreadContactPanel } from './ThreadContactPanel';
