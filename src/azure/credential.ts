/**
 * Credentials for the backup client. Production uses `DefaultAzureCredential` (managed identity,
 * workload identity, environment, az login, …). The local emulator can't be reached through Entra ID,
 * so tests and the emulator profile pass a fixed-token credential instead (ref §6, point 2:
 * @azure/identity 4 has no static-token credential, so we implement `TokenCredential` ourselves).
 */
import type { AccessToken, TokenCredential } from "@azure/core-auth";

/**
 * The production credential chain, `DefaultAzureCredential`, loaded on the first token request:
 * @azure/identity and MSAL are large, and the emulator (tests, the demo) never asks for a token there.
 */
export function defaultCredential(): TokenCredential {
  let chain: Promise<TokenCredential> | undefined;
  return {
    async getToken(scopes, options) {
      chain ??= import("@azure/identity").then(({ DefaultAzureCredential }) => new DefaultAzureCredential());
      return (await chain).getToken(scopes, options);
    },
  };
}

/**
 * A credential that always returns the same opaque token, valid for an hour from each call. Only
 * for the emulator, which accepts any bearer token; never point it at real Azure.
 */
export function fixedTokenCredential(token = "kura-emulator-token"): TokenCredential {
  return {
    async getToken(): Promise<AccessToken> {
      return { token, expiresOnTimestamp: Date.now() + 60 * 60 * 1000, tokenType: "Bearer" };
    },
  };
}
