// Container health check for images without curl or wget: exits 0 when the gateway's liveness
// endpoint answers 200, 1 otherwise (refused, timed out, any other status).
// AUTOGEN_GATE_HEALTHCHECK_URL overrides the address when the gateway listens on another port.
const url = process.env.AUTOGEN_GATE_HEALTHCHECK_URL ?? 'http://127.0.0.1:8787/healthz';

try {
  const response = await fetch(url, { signal: AbortSignal.timeout(4000) });
  await response.body?.cancel();
  process.exitCode = response.status === 200 ? 0 : 1;
} catch {
  process.exitCode = 1;
}
