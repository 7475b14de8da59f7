// The push settings from the environment: defaults, the service account key file, and a clear
// one-line reason when the file is not a usable key.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '#server/config.js';

describe('push configuration', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'uzz-push-config-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string) => {
    fs.writeFileSync(path.join(dir, name), text);
    return name;
  };

  it('defaults to Expo and FCM, with FCM off until a service account is given', () => {
    expect(loadConfig({}, dir).push).toEqual({
      expoUrl: 'https://exp.host',
      expoAccessToken: undefined,
      fcmUrl: 'https://fcm.googleapis.com',
      fcmServiceAccount: null,
      expoReceiptDelayMs: 900_000,
    });
  });

  it('reads the key file relative to the working directory, FCM_TOKEN_URL overriding its token_uri', () => {
    const key = {
      project_id: 'loja',
      client_email: 'push@loja.iam.gserviceaccount.com',
      private_key: '-----BEGIN PRIVATE KEY-----\nx\n-----END PRIVATE KEY-----\n',
    };
    const file = write('key.json', JSON.stringify({ ...key, private_key_id: 'k1', token_uri: 'https://oauth2.googleapis.com/token' }));
    const env = { FCM_SERVICE_ACCOUNT_FILE: file, EXPO_PUSH_URL: 'http://127.0.0.1:9/', FCM_URL: 'http://127.0.0.1:9', EXPO_RECEIPT_DELAY_MS: '0' };
    expect(loadConfig(env, dir).push).toMatchObject({
      expoUrl: 'http://127.0.0.1:9',
      expoReceiptDelayMs: 0,
      fcmServiceAccount: { projectId: 'loja', clientEmail: key.client_email, privateKeyId: 'k1', tokenUri: 'https://oauth2.googleapis.com/token' },
    });
    expect(loadConfig({ ...env, FCM_TOKEN_URL: 'http://127.0.0.1:9/token' }, dir).push.fcmServiceAccount?.tokenUri).toBe('http://127.0.0.1:9/token');
  });

  it('refuses a missing, malformed or incomplete key file with the reason', () => {
    expect(() => loadConfig({ FCM_SERVICE_ACCOUNT_FILE: 'absent.json' }, dir)).toThrow(/FCM_SERVICE_ACCOUNT_FILE could not be read as JSON/);
    expect(() => loadConfig({ FCM_SERVICE_ACCOUNT_FILE: write('bad.json', '{nope') }, dir)).toThrow(/could not be read as JSON/);
    expect(() => loadConfig({ FCM_SERVICE_ACCOUNT_FILE: write('partial.json', '{"project_id":"x"}') }, dir)).toThrow(
      /needs project_id, client_email and private_key/,
    );
    expect(() => loadConfig({ EXPO_RECEIPT_DELAY_MS: 'soon' }, dir)).toThrow(/EXPO_RECEIPT_DELAY_MS/);
  });
});
