// The voice feature's public surface: what other features may import (server/app/featureBoundaries.test.ts).
export { sendVoiceReply } from './tts/sendVoiceReply.js';
export { transcribeInboundAudio } from './transcription/transcribeInboundAudio.js';
