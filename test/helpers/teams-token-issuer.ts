/**
 * A local stand-in for the Bot Framework's token issuer: an RSA key pair, its OpenID metadata
 * (`/.well-known/openid-configuration`) and JWKS over loopback HTTP, and channel tokens signed with
 * RS256 (node:crypto) as the Bot Framework Service signs the activities it POSTs. kura trusts it
 * through TEAMS_OPENID_METADATA_URL. It also mints the bot's own outbound tokens (what Entra ID
 * would issue), handed to the adapter as a credentials factory so the connector stand-in can check
 * that every proactive call is authenticated.
 */
import { createSign, generateKeyPairSync, randomBytes } from "node:crypto";
import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { AppCredentials, type ServiceClientCredentialsFactory } from "botframework-connector";

export const CHANNEL_ISSUER = "https://api.botframework.com";

export interface TokenOptions {
  /** The app id the token is for (`aud`). */
  audience: string;
  /** Must equal the activity's `serviceUrl`. */
  serviceUrl: string;
  /** Seconds from now the token expires; negative for an expired one. @defaultValue 3600 */
  expiresIn?: number;
  issuer?: string;
  /** Sign with a key the metadata does not list. */
  foreignKey?: boolean;
}

export interface TokenIssuer {
  /** TEAMS_OPENID_METADATA_URL. */
  metadataUrl: string;
  /** A channel token (`Authorization: Bearer …`) for an activity. */
  channelToken(options: TokenOptions): string;
  /** The token kura's outbound calls carry (what the connector stand-in expects). */
  readonly botToken: string;
  /** Hands kura `botToken` for its connector calls, as Entra ID would for the app id. */
  credentials(appId: string): ServiceClientCredentialsFactory;
  close(): Promise<void>;
}

const b64url = (data: Buffer | string) => Buffer.from(data).toString("base64url");

export async function startTokenIssuer(cleanup: { after(fn: () => unknown): void }): Promise<TokenIssuer> {
  const key = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const foreign = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const kid = `kura-test-${randomBytes(4).toString("hex")}`;
  const jwk = key.publicKey.export({ format: "jwk" });
  const server = createServer((req, res) => {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    if (req.url === "/.well-known/openid-configuration") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          issuer: CHANNEL_ISSUER,
          jwks_uri: `${base}/keys`,
          id_token_signing_alg_values_supported: ["RS256"],
          token_endpoint_auth_methods_supported: ["private_key_jwt"],
        }),
      );
      return;
    }
    if (req.url === "/keys") {
      res.writeHead(200, { "content-type": "application/json" });
      // The Bot Framework endorses its keys per channel; botbuilder checks the activity's channel.
      res.end(
        JSON.stringify({
          keys: [{ kty: "RSA", use: "sig", kid, n: jwk.n, e: jwk.e, endorsements: ["msteams"] }],
        }),
      );
      return;
    }
    res.writeHead(404).end();
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const port = (server.address() as AddressInfo).port;
  const close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  cleanup.after(close);

  const botToken = `kura-bot-token-${randomBytes(6).toString("hex")}`;
  return {
    metadataUrl: `http://127.0.0.1:${port}/.well-known/openid-configuration`,
    botToken,
    channelToken(options) {
      const now = Math.floor(Date.now() / 1000);
      const header = { alg: "RS256", typ: "JWT", kid };
      const payload = {
        iss: options.issuer ?? CHANNEL_ISSUER,
        aud: options.audience,
        serviceurl: options.serviceUrl,
        nbf: now - 60,
        iat: now - 60,
        exp: now + (options.expiresIn ?? 3600),
      };
      const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
      const signature = createSign("RSA-SHA256")
        .update(input)
        .sign(options.foreignKey ? foreign.privateKey : key.privateKey);
      return `${input}.${b64url(signature)}`;
    },
    credentials(appId) {
      class IssuedCredentials extends AppCredentials {
        protected async refreshToken() {
          return { accessToken: botToken, expiresOn: new Date(Date.now() + 3_600_000) } as never;
        }
      }
      return {
        isValidAppId: async (id: string) => id === appId,
        isAuthenticationDisabled: async () => false,
        createCredentials: async () => new IssuedCredentials(appId),
      } as ServiceClientCredentialsFactory;
    },
    close,
  };
}
