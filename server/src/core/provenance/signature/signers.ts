// Who may sign: a certificate from the trusted root proves who signed (the identity an OIDC
// provider vouched for), not that they may sign this project's models. With a public CA such as
// Sigstore's, anyone can obtain one, so certificate-based bundles are accepted only from the
// identities the project lists (as `cosign verify --certificate-identity/--certificate-oidc-issuer`).

export interface SignerIdentity {
  /** The certificate's subject alternative name (an email address or a URI), compared exactly. */
  identity: string;
  /** The OIDC issuer the CA recorded (Fulcio extension 1.3.6.1.4.1.57264.1.8 or .1.1), compared exactly when given. */
  issuer?: string;
}

/** Why a certificate's identity is not accepted, or undefined when one of `accepted` matches. */
export function signerProblem(san: string | undefined, issuer: string | undefined, accepted: readonly SignerIdentity[]): string | undefined {
  const ok = accepted.some((a) => a.identity === san && (a.issuer === undefined || a.issuer === issuer));
  if (ok) return undefined;
  return `signed by ${san ?? '(no subject alternative name)'} (OIDC issuer ${issuer ?? 'not recorded'}), which is not an accepted signer (provenance.signers)`;
}

/** `provenance.signers` from msl.config.json, or the problems with it. */
export function parseSigners(v: unknown, label: string, problems: string[]): SignerIdentity[] | undefined {
  if (!Array.isArray(v)) {
    problems.push(`${label}: provenance.signers must be an array of {"identity", "issuer"} objects`);
    return undefined;
  }
  const out: SignerIdentity[] = [];
  for (let i = 0; i < v.length; i++) {
    const at = `${label}: provenance.signers[${i}]`;
    const item: unknown = v[i];
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      problems.push(`${at} must be an object`);
      continue;
    }
    const o = item as Record<string, unknown>;
    for (const k of Object.keys(o)) if (k !== 'identity' && k !== 'issuer') problems.push(`${at}: unknown key "${k}"`);
    if (typeof o.identity !== 'string' || o.identity === '') {
      problems.push(`${at}.identity must be a non-empty string`);
    } else if (o.issuer !== undefined && (typeof o.issuer !== 'string' || o.issuer === '')) {
      problems.push(`${at}.issuer must be a non-empty string`);
    } else {
      out.push(typeof o.issuer === 'string' ? { identity: o.identity, issuer: o.issuer } : { identity: o.identity });
    }
  }
  return out;
}
