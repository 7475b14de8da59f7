// The voice feature's public surface: what other features may import (server/app/featureBoundaries.test.ts).
export { sendVoiceReply, wantsVoiceReply } from './tts/sendVoiceReply.js';
export { readVoiceSettings, type VoiceSettings } from './voiceSettings.js';
export { transcribeInboundAudio } from './transcription/transcribeInboundAudio.js';
