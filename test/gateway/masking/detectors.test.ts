/**
 * One block per detector: a valid value is masked, an invalid check digit or a number without
 * the context the detector needs is left, and the usual formatting variants are all caught.
 */
import { strict as assert } from 'node:assert';
import { breakCheck, cnpj, cpf, formatCnpj, formatCpf, masker, only, text } from './fixtures.js';

const all = masker();

describe('masking detectors', () => {
  describe('cpf', () => {
    const m = only('cpf');
    const valid = cpf([5, 2, 9, 9, 8, 2, 2, 4, 7]);
    it('masks a formatted and a bare CPF with valid check digits', () => {
      assert.equal(text(m, `CPF ${formatCpf(valid)} e ${valid}.`), 'CPF [CPF] e [CPF].');
    });
    it('leaves a CPF whose check digit is wrong, and a repeated-digit placeholder', () => {
      const bad = formatCpf(breakCheck(valid));
      assert.equal(text(m, `CPF ${bad}, 111.111.111-11`), `CPF ${bad}, 111.111.111-11`);
    });
    it('does not take 11 digits out of a longer number', () => {
      assert.equal(text(m, `chave 3524${valid}0190`), `chave 3524${valid}0190`);
    });
  });

  describe('cnpj', () => {
    const m = only('cnpj');
    it('masks a numeric CNPJ, formatted and bare', () => {
      const value = cnpj('112223330001');
      assert.equal(text(m, `${formatCnpj(value)} / ${value}`), '[CNPJ] / [CNPJ]');
    });
    it('masks the alphanumeric CNPJ of IN RFB 2.229/2024', () => {
      assert.equal(text(m, 'CNPJ 12.ABC.345/01DE-35 e 12ABC34501DE35'), 'CNPJ [CNPJ] e [CNPJ]');
      const generated = cnpj('A1B2C3D4E5F6');
      assert.equal(text(m, `novo: ${formatCnpj(generated)}`), 'novo: [CNPJ]');
    });
    it('leaves a CNPJ with a wrong check digit', () => {
      assert.equal(text(m, '12.ABC.345/01DE-36 e 11.222.333/0001-82'), '12.ABC.345/01DE-36 e 11.222.333/0001-82');
    });
  });

  describe('rg', () => {
    const m = only('rg');
    it('masks a number after an RG cue, whatever the state layout', () => {
      assert.equal(text(m, 'portador do RG nº 12.345.678-0 SSP/SP; RG: 1234567'), 'portador do RG nº [RG]; RG: [RG]');
      assert.equal(text(m, 'Ident.: 7.402.118; Doc. ident. 2176549'), 'Ident.: [RG]; Doc. ident. [RG]');
    });
    it('masks a São Paulo RG with a valid check digit (including X) without a cue', () => {
      assert.equal(text(m, 'documento 12.345.678-9'), 'documento [RG]');
      assert.equal(text(m, 'RG 11.111.111-X'), 'RG [RG]');
    });
    it('leaves RG-shaped numbers without a cue or a valid check digit', () => {
      assert.equal(text(m, 'lote 12.345.678-0 e 123456789'), 'lote 12.345.678-0 e 123456789');
    });
  });

  describe('cnh', () => {
    const m = only('cnh');
    it('masks a CNH with valid check digits after a cue', () => {
      assert.equal(text(m, 'CNH 02650306461; habilitação nº 02650306461'), 'CNH [CNH]; habilitação nº [CNH]');
    });
    it('leaves an invalid CNH, and a valid one with no cue', () => {
      assert.equal(text(m, 'CNH 02650306462 e 02650306461'), 'CNH 02650306462 e 02650306461');
    });
  });

  describe('pis', () => {
    const m = only('pis');
    it('masks PIS/PASEP/NIS in its own layout, or bare after a cue', () => {
      assert.equal(text(m, '120.56874.10-7 e NIS 12056874107'), '[PIS] e NIS [PIS]');
    });
    it('leaves a wrong check digit', () => {
      assert.equal(text(m, 'PIS 120.56874.10-8'), 'PIS 120.56874.10-8');
    });
  });

  describe('titulo_eleitor', () => {
    const m = only('titulo_eleitor');
    it('masks a voter id with valid check digits and UF code', () => {
      assert.equal(
        text(m, 'Título de eleitor 1066 4444 0302; título: 106644440302'),
        'Título de eleitor [TITULO_ELEITOR]; título: [TITULO_ELEITOR]',
      );
    });
    it('leaves a wrong check digit and a bare 12-digit number without a cue', () => {
      assert.equal(text(m, 'título 1066 4444 0303; pedido 106644440302'), 'título 1066 4444 0303; pedido 106644440302');
    });
  });

  describe('cns (Cartão Nacional de Saúde)', () => {
    const m = only('cns');
    it('masks a SUS card number as printed, and bare after a cue', () => {
      assert.equal(text(m, 'Cartão SUS 706 6758 2926 6065; CNS: 112198034774099'), 'Cartão SUS [CNS]; CNS: [CNS]');
    });
    it('leaves a wrong check digit and a bare 15-digit number without a cue', () => {
      assert.equal(text(m, 'CNS 706 6758 2926 6066; pedido 106429452982030'), 'CNS 706 6758 2926 6066; pedido 106429452982030');
    });
    it('masks the whole value under a cns or cartaoSus key', () => {
      assert.deepEqual(m.maskJson({ paciente: { cns: '706675829266065', cartaoSus: '112198034774099' } }).value, {
        paciente: { cns: '[CNS]', cartaoSus: '[CNS]' },
      });
    });
  });

  describe('cep', () => {
    const m = only('cep');
    it('masks a hyphenated CEP, and a bare one after "CEP"', () => {
      assert.equal(text(m, 'CEP 01310-100, 01.310-100 e CEP 01310100'), 'CEP [CEP], [CEP] e CEP [CEP]');
    });
    it('leaves 8 bare digits without a cue', () => {
      assert.equal(text(m, 'código 01310100'), 'código 01310100');
    });
    it('masks a CEP cut by a space or a dot where the hyphen goes, after "CEP" only', () => {
      assert.equal(text(m, 'CEP 01310 100; cep: 80.020 310; CEP 01310.100'), 'CEP [CEP]; cep: [CEP]; CEP [CEP]');
      assert.equal(text(m, 'pedido 01310 100 unidades'), 'pedido 01310 100 unidades');
    });
    it("masks the CEP a lookup's path carries, and leaves another path's number", () => {
      assert.equal(
        text(m, 'GET https://viacep.com.br/ws/69915632/json/ 200; GET /api/v1/cep/88015600; GET /api/pedidos/69915632'),
        'GET https://viacep.com.br/ws/[CEP]/json/ 200; GET /api/v1/cep/[CEP]; GET /api/pedidos/69915632',
      );
    });
  });

  describe('phone', () => {
    const m = only('phone');
    it('masks mobile and landline numbers in their usual layouts', () => {
      const input = '(11) 98765-4321 / +55 11 98765-4321 / 11 3456-7890 / +5511987654321 / (11)3456-7890 / 98765-4321 / +55 (21) 2345-6789';
      assert.equal(text(m, input), Array(7).fill('[TELEFONE]').join(' / '));
    });
    it('needs a cue for bare digits and for 8-digit numbers without area code', () => {
      assert.equal(text(m, 'protocolo 11987654321; tel: 11987654321'), 'protocolo 11987654321; tel: [TELEFONE]');
      assert.equal(text(m, 'de 2019-2020; fone 3456-7890'), 'de 2019-2020; fone [TELEFONE]');
      assert.equal(
        text(m, 'o fixo 3241-0087 cortei; prazo fixo 2024-2026; telefone 2024-2026'),
        'o fixo [TELEFONE] cortei; prazo fixo 2024-2026; telefone 2024-2026',
      );
    });
    it("masks a Pix key in a phone's shape, and leaves a cue that is a code's part", () => {
      assert.equal(
        text(m, 'Chave Pix: 11987654321; PIX 21998877665; via Pix 2 vezes; <MsgId>CAPES-PIX-20261206-0031</MsgId>; LOTE-TEL-3241-0087'),
        'Chave Pix: [TELEFONE]; PIX [TELEFONE]; via Pix 2 vezes; <MsgId>CAPES-PIX-20261206-0031</MsgId>; LOTE-TEL-3241-0087',
      );
    });
    it("masks a bare mobile standing as a record's whole field, and leaves one in a sentence, under another key or of another shape", () => {
      const fields =
        '"recepcao","83999124508","6001"\nAna;97984107716;"evasão"\n| 22 | Kelvin | 42988104452 | ok\nRua X, 82  66984410562     VIP';
      assert.equal(
        text(m, fields),
        '"recepcao","[TELEFONE]","6001"\nAna;[TELEFONE];"evasão"\n| 22 | Kelvin | [TELEFONE] | ok\nRua X, 82  [TELEFONE]     VIP',
      );
      const kept = 'o protocolo é 11987345102.\n{"cpf": "77960354466"}\nx;12345678901;y\nlote;11923456789;z';
      assert.equal(text(m, kept), kept);
    });
    it('leaves numbers with an area code that does not exist', () => {
      assert.equal(text(m, '(20) 98765-4321'), '(20) 98765-4321');
    });
    it("masks a caller ID's number, a dial string's and a tel: address, with or without a trunk's 0, and leaves a path's number", () => {
      assert.equal(
        text(m, '"Zilda Zumba" <83996603318>, Dial(SIP/vono-trunk/083988417702,60), tel:+5583999124508, https://h.com.br/api/83988417702'),
        '"Zilda Zumba" <[TELEFONE]>, Dial(SIP/vono-trunk/[TELEFONE],60), tel:[TELEFONE], https://h.com.br/api/83988417702',
      );
      assert.equal(text(m, 'pedido 083988417702; Tel: 083988417702'), 'pedido 083988417702; Tel: [TELEFONE]');
    });
  });

  describe('email', () => {
    const m = only('email');
    it('masks addresses with dots, plus tags and sub-domains', () => {
      assert.equal(text(m, 'escreva para maria.silva+rh@exemplo.com.br.'), 'escreva para [EMAIL].');
    });
    it('leaves strings without a real domain', () => {
      assert.equal(text(m, 'user@localhost e @maria'), 'user@localhost e @maria');
    });
  });

  describe('credit_card', () => {
    const m = only('credit_card');
    it('masks Luhn-valid numbers with a card network prefix', () => {
      assert.equal(text(m, '4111 1111 1111 1111, 5555555555554444, 3782 822463 10005'), '[CARTAO], [CARTAO], [CARTAO]');
    });
    it('leaves a Luhn failure and Luhn-valid numbers with no card prefix', () => {
      assert.equal(text(m, '4111 1111 1111 1112 e 1234 5678 9012 3452'), '4111 1111 1111 1112 e 1234 5678 9012 3452');
    });
  });

  describe('ip', () => {
    const m = only('ip');
    it('masks IPv4 and IPv6 addresses', () => {
      assert.equal(text(m, 'de 192.168.0.10 e 2001:db8::1 e fe80::1ff:fe23:4567:890a'), 'de [IP] e [IP] e [IP]');
    });
    it('leaves loopback, impossible octets, versions and times', () => {
      assert.equal(text(m, '127.0.0.1, 999.1.1.1, v1.2.3, 1.2.3, 10:30:45, ::1'), '127.0.0.1, 999.1.1.1, v1.2.3, 1.2.3, 10:30:45, ::1');
    });
  });

  describe('birth_date', () => {
    const m = only('birth_date');
    it('masks dates after a birth cue, in Portuguese and English forms', () => {
      const input =
        'nascida em 12/03/1985; Data de nascimento: 1985-03-12; DN: 12.03.1985; nasceu em 12 de março de 1985; born on March 12, 1985';
      assert.equal(
        text(m, input),
        'nascida em [DATA_NASCIMENTO]; Data de nascimento: [DATA_NASCIMENTO]; DN: [DATA_NASCIMENTO]; nasceu em [DATA_NASCIMENTO]; born on [DATA_NASCIMENTO]',
      );
    });
    it('leaves dates without a cue', () => {
      assert.equal(text(m, 'vence em 12/03/2025; criado 2024-05-01'), 'vence em 12/03/2025; criado 2024-05-01');
    });
    it('masks the days and months of a list of birthdays, and leaves other days and months', () => {
      assert.equal(
        text(m, 'ANIVERSARIANTES DO MÊS\n02/12 – Ilse (85 anos)\n29/02 – Arlindo\nReunião do conselho: 09/12 às 19h'),
        'ANIVERSARIANTES DO MÊS\n[DATA_NASCIMENTO] – Ilse (85 anos)\n[DATA_NASCIMENTO] – Arlindo\nReunião do conselho: [DATA_NASCIMENTO] às 19h',
      );
      assert.equal(text(m, 'Reunião do conselho: 09/12 às 19h; 31/02 não existe'), 'Reunião do conselho: 09/12 às 19h; 31/02 não existe');
    });
  });

  describe('name', () => {
    const m = only('name');
    it('masks full names with particles, in title case, upper case and without accents', () => {
      assert.equal(text(m, 'Maria da Silva Santos e JOÃO DOS SANTOS e Joao Pereira chegaram.'), '[NOME] e [NOME] e [NOME] chegaram.');
    });
    it('weighs names that are also words by context', () => {
      assert.equal(text(m, 'Rosa é a cor favorita. Glória a Deus! PAZ E AMOR.'), 'Rosa é a cor favorita. Glória a Deus! PAZ E AMOR.');
      assert.equal(text(m, 'A cliente Rosa Oliveira ligou; Maria Paz também.'), 'A cliente [NOME] ligou; [NOME] também.');
    });
    it('accepts a lone surname or rare name after a cue', () => {
      assert.equal(text(m, 'O Sr. Xavier e a Dra. Kauane assinaram.'), 'O Sr. [NOME] e a Dra. [NOME] assinaram.');
    });
    it('leaves places that look like names', () => {
      assert.equal(
        text(m, 'Moro em São Paulo, perto de Santa Maria/RS e de Belo Horizonte.'),
        'Moro em São Paulo, perto de Santa Maria/RS e de Belo Horizonte.',
      );
    });
    it('leaves code identifiers', () => {
      assert.equal(text(m, 'Maria() maria_silva MariaSilva'), 'Maria() maria_silva MariaSilva');
    });
  });

  describe('address', () => {
    const m = only('address');
    it('masks street, number, complement, bairro, city-UF and CEP as one address', () => {
      assert.equal(text(m, 'Rua das Flores, 123, apto 45 - Centro, São Paulo/SP, CEP 01310-100.'), '[ENDERECO].');
      assert.equal(text(m, 'Rua das Flores, 123, apto 45 - Centro, São Paulo/SP, CEP 01310 100.'), '[ENDERECO].');
      assert.equal(text(m, 'Av. Paulista, nº 1578, 14º andar'), '[ENDERECO]');
    });
    it('handles s/n, highways, abbreviations and lower case', () => {
      assert.equal(
        text(m, 'Travessa São José, s/n; Rodovia BR-116, km 45; R. Augusta 200; mora na rua augusta, 1500'),
        '[ENDERECO]; [ENDERECO]; [ENDERECO]; mora na [ENDERECO]',
      );
    });
    it('leaves the ordinary word rua', () => {
      assert.equal(text(m, 'a rua estava vazia'), 'a rua estava vazia');
    });
  });

  describe('labels and tables', () => {
    it('masks the value after a label in text and in code, inside its quotes', () => {
      assert.equal(
        text(all, 'nome: Kauane Xyz\nconst c = { "nome": "Wesley Q.", endereco: "Quadra 5 Lote 3" };'),
        'nome: [NOME]\nconst c = { "nome": "[NOME]", endereco: "[ENDERECO]" };',
      );
    });
    it('leaves type annotations and code after a label', () => {
      const code = 'function f(nome: string, endereco: Endereco) { const email = user.email; }';
      assert.equal(text(all, code), code);
    });
    it('masks CSV columns named by the header, even values no detector knows', () => {
      const csv = 'id;nome;data_nascimento;cidade\n7;kauane xyz;1990-01-02;Recife\n';
      assert.equal(text(all, csv), 'id;nome;data_nascimento;cidade\n7;[NOME];[DATA_NASCIMENTO];Recife\n');
    });
    it('masks Markdown table columns', () => {
      const md = '| Nome | Telefone |\n|---|---|\n| wesley q | 3456-7890 |\n';
      assert.equal(text(all, md), '| Nome | Telefone |\n|---|---|\n| [NOME] | [TELEFONE] |\n');
    });
  });
});
