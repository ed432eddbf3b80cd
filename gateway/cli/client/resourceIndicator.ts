/**
 * The RFC 8707 `resource` that names the gateway at an issuer. Resource indicators must be
 * absolute URIs; the gateway's audience is often a bare name (`autogen-gate`), sent as
 * `urn:autogen-gate`.
 */
export function resourceIndicator(audience: string): string {
  return /^[a-z][a-z0-9+.-]*:/i.test(audience) ? audience : `urn:${audience}`;
}
