// A real cipher in place of Electron's safeStorage for the tests: AES-256-GCM with a key that
// lives only in this process's memory, so that what a test finds on disk is truly ciphertext.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SecretEncryptor } from '../../src/main/servers/secret-encryptor';

export function testEncryptor(available = true): SecretEncryptor & { encrypted: number } {
  const key = randomBytes(32);
  const encryptor = {
    encrypted: 0,
    isAvailable: () => available,
    encrypt(text: string): Uint8Array {
      if (!available) throw new Error('encryption unavailable');
      encryptor.encrypted += 1;
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    decrypt(bytes: Uint8Array): string {
      const buffer = Buffer.from(bytes);
      const decipher = createDecipheriv('aes-256-gcm', key, buffer.subarray(0, 12));
      decipher.setAuthTag(buffer.subarray(12, 28));
      return Buffer.concat([decipher.update(buffer.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
  return encryptor;
}
