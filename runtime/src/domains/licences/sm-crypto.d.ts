/** The part of sm-crypto (https://github.com/JuneAndGreen/sm-crypto) the licence signer uses. */
declare module 'sm-crypto' {
  interface BigIntegerLike {
    toString(radix: number): string;
  }
  interface SignatureOptions {
    pointPool?: Array<{ k: BigIntegerLike; x1: BigIntegerLike }>;
    der?: boolean;
    hash?: boolean;
    publicKey?: string;
    userId?: string;
  }
  export const sm2: {
    generateKeyPairHex(): { privateKey: string; publicKey: string };
    doSignature(message: string | ArrayLike<number>, privateKey: string, options?: SignatureOptions): string;
    doVerifySignature(message: string | ArrayLike<number>, signature: string, publicKey: string, options?: Omit<SignatureOptions, 'pointPool'>): boolean;
    getPublicKeyFromPrivateKey(privateKey: string): string;
    getPoint(): { k: BigIntegerLike; x1: BigIntegerLike; privateKey: string; publicKey: string };
    verifyPublicKey(publicKey: string): boolean;
  };
  export const sm3: (input: string | ArrayLike<number>) => string;
  const smCrypto: { sm2: typeof sm2; sm3: typeof sm3 };
  export default smCrypto;
}
