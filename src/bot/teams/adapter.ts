/**
 * The Bot Framework side of kura's Teams front door: a `CloudAdapter` whose authentication comes
 * from configuration, and the `POST /api/messages` route on kura's one HTTP server. With an app id
 * every activity must carry a valid Bot Framework token (else 401 and the bot never sees it);
 * without one kura runs in local mode, unauthenticated, and answers loopback callers only.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import {
  CallerIdConstants,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type TurnContext,
} from "botbuilder";
import {
  AuthenticationConstants,
  AuthenticationError,
  type ServiceClientCredentialsFactory,
} from "botframework-connector";
import type { Route } from "../http/server.ts";

export interface TeamsAuthSettings {
  /** Undefined: local mode. */
  appId: string | undefined;
  appPassword?: string | undefined;
  certificateThumbprint?: string | undefined;
  /** The certificate's private key (PEM text). */
  certificatePrivateKey?: string | undefined;
  appType: "MultiTenant" | "SingleTenant";
  tenantId?: string | undefined;
  /** Trust tokens signed by keys from this OpenID metadata instead of the Bot Framework's. */
  openIdMetadataUrl?: string | undefined;
  /**
   * How kura gets its own tokens for the Bot Connector (default: Entra ID with the secret or
   * certificate above). Tests give a local issuer's, since login.microsoftonline.com is out of reach.
   */
  credentials?: ServiceClientCredentialsFactory;
}

export function createAdapter(settings: TeamsAuthSettings): CloudAdapter {
  if (settings.appId === undefined) {
    return new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  }
  const auth = new ConfigurationBotFrameworkAuthentication(
    {
      MicrosoftAppId: settings.appId,
      MicrosoftAppType: settings.appType,
      ...(settings.appPassword ? { MicrosoftAppPassword: settings.appPassword } : {}),
      ...(settings.tenantId ? { MicrosoftAppTenantId: settings.tenantId } : {}),
      ...(settings.certificateThumbprint ? { CertificateThumbprint: settings.certificateThumbprint } : {}),
      ...(settings.certificatePrivateKey ? { CertificatePrivateKey: settings.certificatePrivateKey } : {}),
      ...(settings.openIdMetadataUrl ? trusting(settings.openIdMetadataUrl) : {}),
    },
    settings.credentials,
  );
  // botbuilder lets a token with a bad signature escape as a jsonwebtoken error (answered 500);
  // any token that fails verification is the caller's problem: 401, and the turn never runs.
  const authenticate = auth.authenticateRequest.bind(auth);
  auth.authenticateRequest = async (activity, header) => {
    try {
      return await authenticate(activity, header);
    } catch (error) {
      if (error instanceof AuthenticationError || !isTokenError(error)) throw error;
      throw new AuthenticationError(`Unauthorized. ${(error as Error).message}`, 401);
    }
  };
  return new CloudAdapter(auth);
}

/**
 * The public cloud's endpoints with another OpenID metadata URL. botbuilder takes any one endpoint
 * setting as "all are given", so the others are spelled out with their public-cloud values.
 */
function trusting(openIdMetadataUrl: string): Record<string, string> {
  return {
    ToBotFromChannelOpenIdMetadataUrl: openIdMetadataUrl,
    ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
    ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
    ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
    OAuthUrl: AuthenticationConstants.OAuthUrl,
    ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
    CallerId: CallerIdConstants.PublicAzureChannel,
  };
}

function isTokenError(error: unknown): boolean {
  const name = (error as Error | undefined)?.name;
  return name === "JsonWebTokenError" || name === "TokenExpiredError" || name === "NotBeforeError";
}

/** 127.0.0.0/8 and ::1, also as IPv4-mapped IPv6. */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith("::ffff:") ? address.slice(7) : address;
  return v4.startsWith("127.") || address === "::1";
}

/** Activities are small; a body this large is not one. */
const MAX_BODY = 1_000_000;

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) return undefined;
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    return undefined;
  }
}

/** The express-like response botbuilder writes to (`status`, `header`, `send`, `end`). */
function responseOf(res: ServerResponse) {
  return {
    socket: res.socket,
    status(code: number) {
      res.statusCode = code;
    },
    header(name: string, value: unknown) {
      res.setHeader(name, String(value));
    },
    send(body: unknown) {
      if (body === undefined || body === null) return;
      if (typeof body === "string") {
        if (!res.hasHeader("content-type")) res.setHeader("content-type", "text/plain; charset=utf-8");
        res.write(body);
        return;
      }
      res.setHeader("content-type", "application/json; charset=utf-8");
      res.write(JSON.stringify(body));
    },
    end() {
      if (!res.writableEnded) res.end();
    },
  };
}

export interface MessagesRouteOptions {
  adapter: CloudAdapter;
  /** Runs one turn (the bot's `run`). */
  logic: (context: TurnContext) => Promise<void>;
  /** Local mode: refuse anything but loopback callers. */
  loopbackOnly: boolean;
}

/** `POST /api/messages`: what the Bot Framework Service (or a local client) delivers. */
export function messagesRoute(options: MessagesRouteOptions): Route {
  return {
    methods: ["POST"],
    path: "/api/messages",
    async handler(req, res) {
      if (options.loopbackOnly && !isLoopback(req.socket.remoteAddress)) {
        res.writeHead(403, { "content-type": "text/plain" }).end("kura's Teams endpoint runs in local mode");
        return;
      }
      const body = await readJson(req);
      if (body === null || typeof body !== "object" || Array.isArray(body)) {
        res.writeHead(400, { "content-type": "text/plain" }).end("an activity (a JSON object) was expected");
        return;
      }
      const request = {
        body: body as Record<string, unknown>,
        headers: req.headers as Record<string, string | string[] | undefined>,
        method: "POST",
      };
      await options.adapter.process(request, responseOf(res), options.logic);
    },
  };
}
