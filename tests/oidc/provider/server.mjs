// An OpenID provider on loopback, for Boussole's single sign-on tests and for trying sign-on locally.
//
// The certified `oidc-provider` package, with one confidential client (Boussole), PKCE required, RP-initiated
// logout, and a one-field login form: whoever types an e-mail address is signed in as that address (a test
// provider: no password). Configured from the environment:
//   OIDC_PORT                       port on 127.0.0.1 (default 9000); the issuer is http://127.0.0.1:<port>
//   OIDC_CLIENT_ID, OIDC_CLIENT_SECRET           the client (default boussole / boussole-demo-secret)
//   OIDC_REDIRECT_URIS              comma-separated (default http://127.0.0.1:5000/compte/connexion/sso/retour)
//   OIDC_POST_LOGOUT_REDIRECT_URIS  comma-separated (default http://127.0.0.1:5000/)
//   OIDC_UNVERIFIED_EMAILS          addresses whose `email_verified` claim is false
//   OIDC_SHORT_CODE_EMAILS          addresses whose authorization codes live one second (the expired-code test)
// A second client, `<client id>-jwt`, with the same secret, sends it in the token request's body and gets its userinfo
// as a signed JWT, as ProConnect does.
import http from 'node:http';

import Provider from 'oidc-provider';

const env = process.env;
const port = Number(env.OIDC_PORT || 9000);
const issuer = `http://127.0.0.1:${port}`;
const list = (value, fallback) => (value ?? fallback).split(',').map((item) => item.trim()).filter(Boolean);
const unverified = new Set(list(env.OIDC_UNVERIFIED_EMAILS, '').map((email) => email.toLowerCase()));
const shortCodes = new Set(list(env.OIDC_SHORT_CODE_EMAILS, '').map((email) => email.toLowerCase()));
const clientId = env.OIDC_CLIENT_ID || 'boussole';
const escape = (text) => String(text).replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

function page(title, body) {
  return `<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>${title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:sans-serif;max-width:26rem;margin:2rem auto;padding:0 1rem}input,button{font-size:1rem;
padding:.5rem;width:100%;box-sizing:border-box;margin:.3rem 0}</style></head>
<body><p><strong>Fournisseur d'identité de test</strong></p><h1>${title}</h1>${body}</body></html>`;
}

const client = {
  client_id: clientId,
  client_secret: env.OIDC_CLIENT_SECRET || 'boussole-demo-secret',
  client_name: 'Boussole',
  redirect_uris: list(env.OIDC_REDIRECT_URIS, 'http://127.0.0.1:5000/compte/connexion/sso/retour'),
  post_logout_redirect_uris: list(env.OIDC_POST_LOGOUT_REDIRECT_URIS, 'http://127.0.0.1:5000/'),
  grant_types: ['authorization_code'],
  response_types: ['code'],
};

const provider = new Provider(issuer, {
  clients: [
    client,
    {
      ...client,
      client_id: `${clientId}-jwt`,
      token_endpoint_auth_method: 'client_secret_post',
      userinfo_signed_response_alg: 'RS256',
    },
  ],
  cookies: { keys: [`test-provider-${port}-${process.pid}`] },
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  async findAccount(ctx, id) {
    return {
      accountId: id,
      async claims() {
        return { sub: id, email: id, email_verified: !unverified.has(id.toLowerCase()), name: id.split('@')[0] };
      },
    };
  },
  features: {
    devInteractions: { enabled: false },
    jwtUserinfo: { enabled: true },
    rpInitiatedLogout: {
      enabled: true,
      async logoutSource(ctx, form) {
        ctx.body = page('Déconnexion', `${form}<p>Fermer aussi votre session chez le fournisseur ?</p>
<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Oui, me déconnecter</button>`);
      },
      async postLogoutSuccessSource(ctx) {
        ctx.body = page('Déconnecté', '<p>Votre session chez le fournisseur est fermée.</p>');
      },
    },
  },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  pkce: { required: () => true },
  ttl: {
    AuthorizationCode: (ctx, code) => (shortCodes.has(code.accountId.toLowerCase()) ? 1 : 60),
  },
  // A first-party client: every scope it asks for is granted, no consent page.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope(ctx.oidc.params.scope);
    await grant.save();
    return grant;
  },
});

async function readForm(req) {
  let body = '';
  for await (const chunk of req) body += chunk;
  return new URLSearchParams(body);
}

async function interaction(req, res) {
  const [, , uid, action] = new URL(req.url, issuer).pathname.split('/');
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) throw new Error('interaction mismatch');
  if (req.method === 'POST' && action === 'login') {
    const email = ((await readForm(req)).get('email') || '').trim(); // as typed: Boussole ignores case
    if (email) {
      await provider.interactionFinished(req, res, { login: { accountId: email } }, { mergeWithLastSubmission: false });
      return;
    }
  }
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.end(page('Connexion', `<form method="post" action="/interaction/${escape(uid)}/login">
<label for="email">Adresse électronique</label><input id="email" name="email" type="email" autofocus required>
<button type="submit">Se connecter</button></form>`));
}

const callback = provider.callback();
http
  .createServer((req, res) => {
    if (req.url.startsWith('/interaction/')) {
      interaction(req, res).catch((error) => {
        res.statusCode = 400;
        res.end(`interaction: ${error.message}`);
      });
      return;
    }
    callback(req, res);
  })
  .listen(port, '127.0.0.1', () => console.log(`Fournisseur OpenID de test : ${issuer} (client ${clientId})`));
