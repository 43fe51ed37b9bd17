// How saved secrets are kept: encrypted by the operating system (Electron's safeStorage in the
// app, injected so that main's code and its tests never import Electron). Without encryption a
// secret is not saved at all: never in clear text.

export interface SecretEncryptor {
  isAvailable(): boolean;
  encrypt(text: string): Uint8Array;
  decrypt(bytes: Uint8Array): string;
}

/** Where no encryptor is given: nothing can be encrypted, so no secret is saved. */
export const NO_ENCRYPTION: SecretEncryptor = {
  isAvailable: () => false,
  encrypt: () => {
    throw new Error('no encryption available');
  },
  decrypt: () => {
    throw new Error('no encryption available');
  },
};
