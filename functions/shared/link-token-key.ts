import type { Config } from './config';
import { perContainer } from './per-container';

/**
 * The link-token key (it also keys the pseudonyms and the suppression list): from the environment
 * locally, from Secrets Manager in AWS, read once. The Secrets Manager client is loaded with
 * `import()` only when the key is first needed there, so that no function pays for importing it
 * at init (and none does locally).
 */
export const linkTokenKeyFrom = (cfg: Config): (() => Promise<Buffer>) => {
  let key: Promise<Buffer> | undefined;
  return () => {
    key ??= (async () => {
      if (cfg.LINK_TOKEN_SECRET) return Buffer.from(cfg.LINK_TOKEN_SECRET, 'base64url');
      if (!cfg.LINK_TOKEN_SECRET_ARN)
        throw new Error('Neither LINK_TOKEN_SECRET nor LINK_TOKEN_SECRET_ARN is set');
      const { GetSecretValueCommand, SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
      const client = new SecretsManagerClient({ region: cfg.AWS_REGION });
      const { SecretString } = await client.send(
        new GetSecretValueCommand({ SecretId: cfg.LINK_TOKEN_SECRET_ARN }),
      );
      if (!SecretString || SecretString.length < 32)
        throw new Error('The link-token secret is missing or too short');
      return Buffer.from(SecretString, 'utf8');
    })();
    return key;
  };
};

/** The container's link-token key, shared by every adapter of the function that needs it. */
export const linkTokenKey = /* @__PURE__ */ perContainer(({ cfg }) => linkTokenKeyFrom(cfg));
