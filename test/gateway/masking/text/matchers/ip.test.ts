/**
 * A machine's IP address beside a person's device: a gateway, a relay, a copy's destination, a
 * pod, a host named before its address, a proxy in a CGI variable are the system's; a laptop, a
 * client in an sshd line, a home's address are someone's. `«LABEL:value»` marks a masked value.
 */
import { strict as assert } from 'node:assert';
import { assertStableMasking, masker } from '../../fixtures.js';

const m = masker();
const MARK = /«([A-Z_]+):([^»]*)»/g;
const input = (marked: string): string => marked.replace(MARK, '$2');
const expected = (marked: string): string => marked.replace(MARK, '[$1]');

const LOGS = [
  'I/Wifi: wlan0 «IP:10.1.1.23» gw 10.1.1.1 pub «IP:177.92.14.203»',
  'kubelet: started container web (pod IP 172.17.9.40)',
  'job fechamento: iniciando (host fin03 10.30.2.11)',
  'DHCPACK host tablet-rosana «IP:10.30.2.77»',
  '+ rsync -a /var/exports/ arquivo@10.30.2.50:/exports/',
  '(root) CMD (/usr/local/bin/snapshot --dest 10.30.2.51)',
  'postfix/smtp: relay=10.30.2.60, status=sent',
  'PPPoE up: IP «IP:100.66.20.14», BNG 201.48.7.1',
  'roteado para fila.interno.local (10.30.2.12)',
  "HTTP_X_FORWARDED_FOR = '«IP:200.98.77.31», 10.30.2.5'",
  'sshd[812]: Accepted publickey for «NOME:rosana» from «IP:10.30.2.77» port 50122 ssh2',
  'IP da casa do «NOME:Valdemar»: «IP:187.64.20.19»',
  'export PGHOST=10.30.2.40 SMTPHOST=10.30.2.41 REMOTEHOST=«IP:187.64.20.20»',
  'haproxy[2211]: «IP:2804:14c:5b81:8e0a:4d2:91ff:fe33:a1c7»:51234 [03/Dec/2026:14:02:20.114] portal~ be/app01',
  '',
].join('\n');

describe("masking: a machine's IP addresses", () => {
  it("leaves a gateway's, a relay's, a destination's, a pod's and a named host's addresses, and masks a person's device", () => {
    assert.equal(m.maskText(input(LOGS)).value, expected(LOGS));
  });

  it('decides in a stream as the whole text does, and changes nothing masking again', () => {
    assertStableMasking(m, input(LOGS), ['ip', 'name']);
  });
});
