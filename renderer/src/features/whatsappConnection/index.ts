// Connecting the client's real WhatsApp number: the settings wizard (an /admin tab).
export { WhatsappConnectionPanel } from './WhatsappConnectionPanel';
export { whatsappConnectionMessages } from './messages';
