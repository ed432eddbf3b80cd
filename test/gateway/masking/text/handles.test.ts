/** Logins where only an account can stand: before the host a command logs into, an AWS role's session, a user property's value. */
import { strict as assert } from 'node:assert';
import { assertStableMasking, masker } from '../fixtures.js';

const m = masker();

const SHELL = [
  '  88  ssh gmoreira@192.168.40.12',
  '  89  scp relatorio_final.ods yara.potiguara@172.16.9.3:/tmp/',
  '  90  rsync -av dados/ cmaciel@nas01:backup/',
  'iolanda@estacao-07:~/projetos$ git pull',
  '[tiberio@homolog2 logs]$ tail -f app.log',
  '  91  ssh root@192.168.40.12 && ssh deploy@runner3 && rsync -a x/ arquivo@nas01:/x/',
  'sftp://wanusa@arquivos.lan/entrada',
  'escreva para suporte@empresa-exemplo.com.br ou ao sysadmin@localhost',
].join('\n');

const GLUED = [
  '@dwerner verdade, vou apagar',
  '-- jtomazoni: falar com a cooperativa',
  '# rnakandakari: removido a pedido do doador',
  'conversor 0.9.7 (operador lvervloet)',
  'User: MTREVISAN',
  '# gcloud: projeto de homologação',
  '// ltrace: saída do processo',
  'import { runTests } from "@vscode/test-electron";',
  'OPERADOR: SISTEMA',
  'Agência INSS Santarém | Atendente ksoares',
  'Observação do atendente (fgontijo): a primeira FICI',
  'Relatório emitido por tkirsch em 14/02/2026; caso aberto por mkang',
  'o atendente pediu desculpas; aberto por engano; feito por encomenda',
].join('\n');
const GLUED_MASKED = GLUED.replace('dwerner', '[NOME]')
  .replace('ksoares', '[NOME]')
  .replace('fgontijo', '[NOME]')
  .replace('tkirsch', '[NOME]')
  .replace('mkang', '[NOME]')
  .replace('jtomazoni', '[NOME]')
  .replace('rnakandakari', '[NOME]')
  .replace('lvervloet', '[NOME]')
  .replace('MTREVISAN', '[NOME]');

const CLOUD = [
  '{"userIdentity": {"arn": "arn:aws:sts::731002558116:assumed-role/Financeiro/ubiratan.saraiva",',
  ' "sessionIssuer": "arn:aws:sts::731002558116:assumed-role/Pipeline/gitlab-runner"},',
  ' "props": [',
  '  <property name="user.name" value="hdoretto"/>',
  '  <property name="user.name" value="jenkins"/>',
  '  <property name="user.dir" value="/var/lib/build"/>',
  '  <property name="user.timezone" value="America/Manaus"/>',
  ' ]}',
].join('\n');

/** A command line's user flag: long ones name an account wherever they stand; `-u` only a login shaped as one (`sort -u` takes a file). */
const FLAGS = [
  '$ redis-cli -h cache01 --user tbortolanza --pass "$REDIS_PASS" XRANGE pedidos - +',
  '$ psql --username=ijaguaribe -d prontuario',
  '$ rabbitmqadmin -V /faturas -u dfortunato -p "$PASS" get queue=erros',
  '$ mysql -u root -p && sort -u nomes.txt && git push -u origin main',
].join('\n');

describe('masking: logins where only an account stands', () => {
  it('masks the login before the host of ssh, scp, rsync, a shell prompt and a transfer URL, and leaves services and e-mails to their own readers', () => {
    const masked = m.maskText(SHELL).value;
    for (const login of ['gmoreira', 'yara.potiguara', 'cmaciel', 'iolanda', 'tiberio', 'wanusa'])
      assert.ok(!masked.includes(login), login);
    for (const kept of ['ssh root@', 'ssh deploy@runner3', 'arquivo@nas01', 'sysadmin@localhost']) assert.ok(masked.includes(kept), kept);
    assert.ok(masked.includes('[EMAIL]'));
  });

  it("masks an AWS role session named after a person and a user property's login, and leaves services and other properties", () => {
    assert.equal(m.maskText(CLOUD).value, CLOUD.replace('ubiratan.saraiva', '[NOME]').replace('"hdoretto"', '"[NOME]"'));
  });

  it('leaves a login-like word before @ with no command, scheme or prompt around it', () => {
    const text = 'o pacote foi para gmoreira@192.168.40.12 ontem';
    assert.equal(m.maskText(text).value.includes('gmoreira'), true);
  });

  it("masks a login after a label that names the user first (`Usuário da sessão:`), and leaves other labels' values", () => {
    const text = 'Usuário da sessão: tbortolanza\nTipo de conta: premium\nData da sessão: hoje';
    assert.equal(m.maskText(text).value, text.replace('tbortolanza', '[NOME]'));
  });

  it("masks the login after a command's user flag, and leaves a service's account, a file and a remote's name", () => {
    assert.equal(
      m.maskText(FLAGS).value,
      FLAGS.replace('tbortolanza', '[NOME]').replace('ijaguaribe', '[NOME]').replace('dfortunato', '[NOME]'),
    );
  });

  it("masks a login glued from an initial and a surname no list holds (a mention, a comment's author, an operator, a capitals login), and leaves tools' names", () => {
    assert.equal(m.maskText(GLUED).value, GLUED_MASKED);
  });

  it('masks the same in a stream cut anywhere, and changes nothing masking it again', () => {
    assertStableMasking(m, GLUED, ['name']);
    assertStableMasking(m, FLAGS, ['name']);
    assertStableMasking(m, SHELL, ['name', 'email', 'ip']);
    assertStableMasking(m, CLOUD, ['name']);
  });
});

const CHAT = [
  '[21:02:31] kauanzin_xeque: boa noite chat',
  '[21:02:40] DonaLurdes_64: boa noite meu neto',
  '[21:03:45] ng0zi_okeke: quem ganhar leva quanto?',
  '[21:05:03] Nightbot: DonaLurdes_64, por favor não compartilhe dados',
  '[21:05:09] Sery_Bot: comandos em !ajuda',
  '[12:00:01] worker_2: started',
  '[12:00:02] thread_3: done',
  '',
  'leitora_da_serra · 29/11/2026',
  'Ótima resenha!',
  'kaique_santos · há 1 hora',
  'posta logo o 8',
  'config_prod · 29/11/2026',
].join('\n');
const CHAT_MASKED = CHAT.replace('kauanzin_xeque', '[NOME]')
  .replaceAll('DonaLurdes_64', '[NOME]')
  .replace('ng0zi_okeke', '[NOME]')
  .replace('leitora_da_serra', '[NOME]')
  .replace('kaique_santos', '[NOME]');

describe("masking: a chat's accounts", () => {
  it("masks an account's name with digits or underscores before its message, wherever it recurs, and a comment's author before ` · ` and its date; leaves bots and a program's threads", () => {
    assert.equal(m.maskText(CHAT).value, CHAT_MASKED);
  });

  it('masks the same in a stream cut anywhere, and changes nothing masking it again', () => {
    assertStableMasking(m, CHAT, ['name']);
  });
});

const PROFILES = [
  '[twitch.tv/mandiocaplays] Chat exportado',
  '[21:02:14] StreamElements: Sigam a mandiocaplays no insta',
  '[21:03:11] mandiocaplays: bem-vinda dona Lurdes',
  'Vídeos em tiktok.com/@joaninha.reis e x.com/ze_pagode; ao vivo em youtube.com/@prefeiturademaraba.',
  'Veja youtube.com/watch?v=abc123 e x.com/search?q=forro',
  '2026-12-01 10:02:11 GET /ficha.aspx 443 PMSM\\jmoura.fagundes 10.40.8.77',
  'CORP\\svc_backup C:\\Windows\\system32',
  'Author:     dependabot[bot] <49699333+dependabot[bot]@users.noreply.github.com>',
].join('\n');
const PROFILES_MASKED = PROFILES.replaceAll('mandiocaplays', '[NOME]')
  .replace('joaninha.reis', '[NOME]')
  .replace('ze_pagode', '[NOME]')
  .replace('jmoura.fagundes', '[NOME]')
  .replace('10.40.8.77', '[IP]')
  .replace('Lurdes', '[NOME]');

describe("masking: a social network's profiles and a Windows domain's users", () => {
  it("masks the account a profile's link or a domain names, and the same login alone where it recurs; leaves a site's pages, a body's channel, services and bots", () => {
    assert.equal(m.maskText(PROFILES).value, PROFILES_MASKED);
  });

  it('masks the same in a stream cut anywhere, and changes nothing masking it again', () => {
    assertStableMasking(m, PROFILES, ['name', 'ip']);
  });
});

const FORUM = [
  '**Irmão falecido tem direito à casa?**',
  'postado por rosangela_kuwahara em 04/12/2026 21:37',
  'Boa noite, gerado por script_backup em 2026.',
  '💬 3 comentários',
  'ritinha_do_carmo: conheço essa família',
  'joaquim.s.neto: lindo texto.',
  'max_retries: 3',
].join('\n');
const FORUM_MASKED = FORUM.replace('rosangela_kuwahara', '[NOME]')
  .replace('ritinha_do_carmo', '[NOME]')
  .replace('joaquim.s.neto', '[NOME]');

describe("masking: a forum's and a blog's authors", () => {
  it("masks a handle spelled from a name after `postado por` and a comment's author before its colon; leaves a program's and a setting's names", () => {
    assert.equal(m.maskText(FORUM).value, FORUM_MASKED);
  });

  it('masks the same in a stream cut anywhere, and changes nothing masking it again', () => {
    assertStableMasking(m, FORUM, ['name']);
  });
});

describe("masking: a comment's author before how long ago it was posted", () => {
  const HEADINGS = [
    'rafinha_crato88 — há 2 h',
    'alguém sabe se ele é parente? Moro aqui há 31 anos.',
    'Dalvanisa Sampaio — há 1 h',
    '   ↳ Francisca Edilene — há 58 min',
    'profeta do Horto — há 30 min',
    '@cbatista1961 • há 2 dias',
    'Yuki Nagasawa Lima · Fortaleza, CE · há 3 dias',
    'P: Tem estacionamento? — Hiroshi Yamaguchi Sá · há 2 meses',
    'Anônimo — há 10 min',
    'Moderação Reclame AQUI · há 1 dia',
    'Padaria Pão Quente — há 1 h',
    'Atualizado · há 2 h',
    'Pedido 48213 — há 1 h',
    'ana.souza@exemplo.com — há 2 h',
  ].join('\n');

  it("masks whoever signs the comment, a rare name, a nickname or a handle; leaves no one's signature, a desk's, a body's, a status and a number", () => {
    assert.equal(
      m.maskText(HEADINGS).value,
      [
        '[NOME] — há 2 h',
        'alguém sabe se ele é parente? Moro aqui há 31 anos.',
        '[NOME] — há 1 h',
        '   ↳ [NOME] — há 58 min',
        '[NOME] — há 30 min',
        '@[NOME] • há 2 dias',
        '[NOME] · Fortaleza, CE · há 3 dias',
        'P: Tem estacionamento? — [NOME] · há 2 meses',
        'Anônimo — há 10 min',
        'Moderação Reclame AQUI · há 1 dia',
        'Padaria Pão Quente — há 1 h',
        'Atualizado · há 2 h',
        'Pedido 48213 — há 1 h',
        '[EMAIL] — há 2 h',
      ].join('\n'),
    );
  });

  it('masks the same in a stream cut anywhere, and changes nothing masking it again', () => {
    assertStableMasking(m, HEADINGS, ['name']);
  });
});

describe('masking: a dotted login opening with a title, an initial glued to a surname, or a first name before an unlisted surname', () => {
  const LOGINS = [
    'agente humano: enf.rosilene.brito',
    'o log mostra login da enf.mayaraleal mas ela estava de folga',
    'X-Operador: mhadad.saliba',
    '[48302] tiago.rendeiro@sisagenda LOG:  statement: SELECT 1',
    'cliente.nome = maria.nome; pr.run(); e.g. dr.house; config.json, console.log, process.env, module.exports',
  ].join('\n');

  it('masks the login, and leaves members, calls, files and abbreviations', () => {
    assert.equal(
      m.maskText(LOGINS).value,
      [
        'agente humano: [NOME]',
        'o log mostra login da [NOME] mas ela estava de folga',
        'X-Operador: [NOME]',
        '[48302] [NOME]@sisagenda LOG:  statement: SELECT 1',
        'cliente.nome = maria.nome; pr.run(); e.g. dr.house; config.json, console.log, process.env, module.exports',
      ].join('\n'),
    );
  });

  it('masks the same in a stream cut anywhere, and changes nothing masking it again', () => {
    assertStableMasking(m, LOGINS, ['name']);
  });
});

describe("masking: a database log's session user and a Bluesky handle", () => {
  const LINES = [
    '2024-11-19 07:58:12.004 -03 [201774] dba_rkawamura@hospital_regional LOG:  AUDIT: SESSION,1,1,READ',
    '2024-10-02 16:41:07.512 -03 [48211] app_sigas@sigas LOG:  duration: 1284.337 ms',
    '[1] postgres@postgres LOG:  checkpoint starting',
    'Clarice Mourão @claricemourao.bsky.social · 3 de mar.',
    'siga @prefeitura.bsky.social para avisos',
  ].join('\n');

  it("masks a person's login before its database and a Bluesky user before the network's domain; leaves services' accounts and a body's handle", () => {
    assert.equal(
      m.maskText(LINES).value,
      [
        '2024-11-19 07:58:12.004 -03 [201774] [NOME]@hospital_regional LOG:  AUDIT: SESSION,1,1,READ',
        '2024-10-02 16:41:07.512 -03 [48211] app_sigas@sigas LOG:  duration: 1284.337 ms',
        '[1] postgres@postgres LOG:  checkpoint starting',
        '[NOME] @[NOME].bsky.social · 3 de mar.',
        'siga @prefeitura.bsky.social para avisos',
      ].join('\n'),
    );
  });

  it('masks the same in a stream cut anywhere, and changes nothing masking it again', () => {
    assertStableMasking(m, LINES, ['name']);
  });
});
