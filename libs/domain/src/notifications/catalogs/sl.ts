import type { NotificationCatalog } from './catalog';
import type { NotificationData } from '../notification-data';

function greeting(data: NotificationData): string {
  const name = data.recipientName?.trim();
  return name ? `Pozdravljeni, ${name},` : 'Pozdravljeni,';
}

function expiry(data: NotificationData): string {
  return data.expiresAt ? `\n\nPovezava deluje enkrat in poteče ${data.expiresAt} (UTC).` : '';
}

const call = (d: NotificationData): string => `„${d.callTitle ?? ''}“`;

/** Slovenian counts have a singular, a dual, a plural for 3–4 and another from 5 on (by the last two digits). */
function counted(n: number, forms: [one: string, two: string, few: string, many: string]): string {
  const rest = n % 100;
  const form = rest === 1 ? forms[0] : rest === 2 ? forms[1] : rest === 3 || rest === 4 ? forms[2] : forms[3];
  return `${n} ${form}`;
}

const days = (n: number | undefined): string =>
  n === undefined ? 'nekaj dni' : counted(n, ['dan', 'dneva', 'dni', 'dni']);

const templates: NotificationCatalog['templates'] = {
  EMAIL_VERIFICATION: (d) => ({
    subject: 'Potrdite svoj e-poštni naslov',
    body:
      `${greeting(d)}\n\nza aktivacijo računa potrdite svoj e-poštni naslov:\n\n${d.link}` +
      `${expiry(d)}\n\nČe se niste registrirali, to sporočilo prezrite.`,
  }),
  PASSWORD_RESET: (d) => ({
    subject: 'Ponastavite geslo',
    body:
      `${greeting(d)}\n\nnekdo (upamo, da vi) je zahteval ponastavitev gesla vašega ` +
      `računa. Novo geslo izberite tukaj:\n\n${d.link}${expiry(d)}\n\nČe tega niste ` +
      'zahtevali, sporočilo prezrite: vaše geslo ostane nespremenjeno.',
  }),
  ORGANISATION_INVITATION: (d) => ({
    subject: `Vabilo, da se na platformi ACIE pridružite organizaciji ${d.organisationName ?? ''}`.trimEnd(),
    body:
      `${greeting(d)}\n\n${d.inviterName ?? 'Sodelavec'} vas vabi, ` +
      `da se kot prijavitelj pridružite organizaciji ${d.organisationName ?? ''}:\n\n${d.link}${expiry(d)}`,
  }),
  EVALUATOR_INVITATION: (d) => ({
    subject: 'Vabilo v skupino ocenjevalcev ACIE',
    body:
      `${greeting(d)}\n\n${d.inviterName ?? 'Skupni sekretariat'} vas vabi v skupino neodvisnih strokovnjakov, ` +
      `ki ocenjujejo skupne razpise ACIE${d.callTitle ? ` (${d.callTitle})` : ''}:\n\n${d.link}${expiry(d)}`,
  }),
  STAFF_INVITATION: (d) => ({
    subject: 'Vaš uslužbenski račun ACIE',
    body:
      `${greeting(d)}\n\nskrbnik je za vas ustvaril uslužbenski račun` +
      `${d.organisationName ? ` (${d.organisationName})` : ''}. Geslo nastavite tukaj:\n\n${d.link}${expiry(d)}`,
  }),
  MEMBERSHIP_REQUESTED: (d) => ({
    subject: `${d.applicantName ?? 'Nekdo'} se želi pridružiti organizaciji ${d.organisationName ?? ''}`.trimEnd(),
    body:
      `${greeting(d)}\n\n${d.applicantName ?? 'Nov uporabnik'} se je registriral in se želi pridružiti ` +
      `organizaciji ${d.organisationName ?? ''}. Zahtevo na platformi odobrite ali zavrnite.`,
  }),
  ALIGNMENT_INVITATION: (d) => ({
    subject: `Zagotovite sredstva za skupni razpis ${call(d)} do ${d.deadline ?? 'roka za uskladitev'}`,
    body:
      `${greeting(d)}\n\n${d.agencyName ?? 'vaša agencija'} je povabljena, ` +
      `da svoja regionalna sredstva uskladi s skupnim razpisom ${call(d)}. ` +
      'Predlagajte znesek in regionalna pravila ter nato potrdite ali odklonite do ' +
      `${d.deadline ?? 'roka za uskladitev'}. Agencija, ki do takrat ne potrdi, izstopi iz razpisa.`,
  }),
  ALIGNMENT_DROPPED_OUT: (d) => ({
    subject: `${d.agencyName ?? 'Vaša agencija'} je izstopila iz razpisa ${call(d)}`,
    body:
      `${greeting(d)}\n\nusklajevanje sredstev skupnega razpisa ${call(d)} se je končalo brez ` +
      `potrditve agencije ${d.agencyName ?? ''}, zato pri tem razpisu ne sodeluje.`,
  }),
  CALL_CANCELLED: (d) => ({
    subject: `Skupni razpis ${call(d)} je preklican`,
    body: `${greeting(d)}\n\nskupni razpis ${call(d)} je preklican. Razlog: ${d.reason ?? 'ni naveden'}.`,
  }),
  CALL_OPENED: (d) => ({
    subject: `Skupni razpis ${call(d)} je odprt`,
    body: `${greeting(d)}\n\nskupni razpis ${call(d)} sprejema predloge do ${d.deadline ?? 'roka za oddajo'}.`,
  }),
  PROPOSAL_PARTNER_INVITATION: (d) => ({
    subject: `${d.organisationName ?? 'Vaša organizacija'} je povabljena k predlogu ${d.proposalAcronym ?? ''}`,
    body:
      `${greeting(d)}\n\n${d.inviterName ?? 'Koordinator'} vabi organizacijo ${d.organisationName ?? ''} k ` +
      `predlogu ${d.proposalAcronym ?? ''} za skupni razpis ${call(d)}. ` +
      'Vabilo sprejmite na platformi in vnesite partnerske podatke svoje organizacije ' +
      '(financiranje, upravičeni stroški, zaprošena nepovratna sredstva).',
  }),
  PROPOSAL_SUBMITTED: (d) => ({
    subject: `Potrdilo: ${d.proposalAcronym ?? 'vaš predlog'} oddan na razpis ${call(d)}`,
    body:
      `${greeting(d)}\n\npredlog ${d.proposalAcronym ?? ''} je oddan.\n\n${d.receipt ?? ''}` +
      '\n\nDo roka ga lahko oddate znova; šteje zadnja različica pred rokom.',
  }),
  ELIGIBILITY_CHECK_REQUESTED: (d) => ({
    subject:
      `Preverite upravičenost partnerjev (${d.count ?? ''}) ` +
      `v razpisu ${call(d)} do ${d.deadline ?? 'roka za preverjanje'}`,
    body:
      `${greeting(d)}\n\noddaja na skupni razpis ${call(d)} je zaprta. ` +
      `${d.agencyName ?? 'Vaša agencija'} naj za vsakega od financiranih partnerjev svoje regije (` +
      `${d.count ?? ''}) do ${d.deadline ?? 'roka za preverjanje'} vpiše upravičen ali neupravičen ` +
      'z utemeljitvijo. Manjkajoče odločitve se posredujejo vodji programa.',
  }),
  ELIGIBILITY_ESCALATION: (d) => ({
    subject: `V razpisu ${call(d)} manjka regionalnih odločitev o upravičenosti: ${d.count ?? 'nekaj'}`,
    body:
      `${greeting(d)}\n\npo izteku roka v skupnem razpisu ${call(d)} manjka regionalnih odločitev o ` +
      `upravičenosti: ${d.count ?? 'nekaj'}. Zadevni predlogi čakajo v preverjanju upravičenosti: ` +
      'odločitve vpišite v imenu agencij (z utemeljitvijo) ali podaljšajte rok agenciji.',
  }),
  PROPOSAL_ELIGIBILITY_RESULT: (d) => ({
    subject: `Upravičenost predloga ${d.proposalAcronym ?? ''}: ${d.outcome?.split(':')[0] ?? ''}`,
    body:
      `${greeting(d)}\n\npreverjanje upravičenosti predloga ${d.proposalAcronym ?? ''} v ` +
      `skupnem razpisu ${call(d)} je končano: ${d.outcome ?? ''}.`,
  }),
  FUNDING_DECISION_PROPOSED: (d) => ({
    subject: `Odločitev o financiranju razpisa ${call(d)} čaka na odobritev`,
    body:
      `${greeting(d)}\n\nskupni sekretariat predlaga odločitev o financiranju skupnega razpisa ${call(d)} ` +
      `(izbranih predlogov: ${d.count ?? 0}). Odobrite jo za svojo regijo — ` +
      `po potrebi s pogoji — ali podajte utemeljen ugovor${d.deadline ? ` do ${d.deadline}` : ''}.`,
  }),
  FUNDING_DECISION_OBJECTED: (d) => ({
    subject: `Ugovor na odločitev o financiranju razpisa ${call(d)}`,
    body:
      `${greeting(d)}\n\nagencija za ${d.agencyName ?? 'eno od regij'} je podala ugovor na ` +
      `predlagano odločitev o financiranju skupnega razpisa ${call(d)}: ` +
      `${d.reason ?? ''}\n\nOdločitev popravite; agencije jo nato znova odobrijo.`,
  }),
  FUNDING_DECISION_REMINDER: (d) => ({
    subject: `Odločitev o financiranju razpisa ${call(d)} še čaka na agencijo ${d.agencyName ?? ''}`.trimEnd(),
    body:
      `${greeting(d)}\n\nodločitev o financiranju skupnega razpisa ${call(d)} bi morali ` +
      `odobriti${d.deadline ? ` do ${d.deadline}` : ''}. ` +
      'Odločitev čaka na vaš odgovor: odobrite jo za svojo regijo ali podajte utemeljen ugovor.',
  }),
  FUNDING_DECISION_ESCALATION: (d) => ({
    subject: `Pri odločitvi o financiranju razpisa ${call(d)} manjkajo odgovori agencij: ${d.count ?? 'nekaj'}`,
    body:
      `${greeting(d)}\n\nagencije (${d.count ?? 'nekaj'}) niso odgovorile na odločitev o ` +
      `financiranju skupnega razpisa ${call(d)}${d.deadline ? ` do ${d.deadline}` : ''}. ` +
      'Odločitev čaka: pozovite jih ali podaljšajte rok za odločitev.',
  }),
  GRANT_WITHDRAWN: (d) => ({
    subject: `Sredstva predloga ${d.proposalAcronym ?? ''} v razpisu ${call(d)} so umaknjena`,
    body:
      `${greeting(d)}\n\nsredstva partnerja v predlogu ${d.proposalAcronym ?? ''} skupnega razpisa ${call(d)} ` +
      `so umaknjena: ${d.reason ?? ''}\n\nNjegov proračun je spet prost: ` +
      'predlagajte napredovanje naslednjega rezervnega predloga, ki se zdaj prilega, ali zaprite rezervni seznam.',
  }),
  MILESTONE_REMINDER: (d) => ({
    subject: `Mejnik „${d.reason ?? ''}“ projekta ${d.proposalAcronym ?? ''} zapade čez ${days(d.count)}`,
    body:
      `${greeting(d)}\n\nmejnik „${d.reason ?? ''}“ projekta ${d.proposalAcronym ?? ''} (skupni razpis ` +
      `${call(d)}) zapade ${d.deadline ? d.deadline : 'kmalu'}. Koordinator odda skupno poročilo na platformi.`,
  }),
  MILESTONE_OVERDUE: (d) => ({
    subject: `Mejnik „${d.reason ?? ''}“ projekta ${d.proposalAcronym ?? ''} je zapadel`,
    body:
      `${greeting(d)}\n\nmejnik „${d.reason ?? ''}“ projekta ${d.proposalAcronym ?? ''} v skupnem razpisu ` +
      `${call(d)} je zapadel${d.deadline ? ` ${d.deadline}` : ''} in po ` +
      'izteku dodatnega roka o njem ni poročila.',
  }),
  REPORT_REMINDER: (d) => ({
    subject:
      `Poročilo „${d.reason ?? 'periodično poročilo'}“ projekta ` +
      `${d.proposalAcronym ?? ''} zapade čez ${days(d.count)}`,
    body:
      `${greeting(d)}\n\nporočilo „${d.reason ?? 'periodično poročilo'}“ projekta ` +
      `${d.proposalAcronym ?? ''} (skupni razpis ${call(d)}) zapade ${d.deadline ? d.deadline : 'kmalu'}. ` +
      'Koordinator odda skupno poročilo na platformi, z delom vsakega financiranega partnerja.',
  }),
  REPORT_OVERDUE: (d) => ({
    subject: `Poročilo „${d.reason ?? 'periodično poročilo'}“ projekta ${d.proposalAcronym ?? ''} je zapadlo`,
    body:
      `${greeting(d)}\n\nporočilo „${d.reason ?? 'periodično poročilo'}“ projekta ` +
      `${d.proposalAcronym ?? ''} v skupnem razpisu ${call(d)} je zapadlo` +
      `${d.deadline ? ` ${d.deadline}` : ''} in po izteku dodatnega roka ni oddano.`,
  }),
  PROJECT_REPORT_SUBMITTED: (d) => ({
    subject: `${d.reason ?? 'Poročilo'} projekta ${d.proposalAcronym ?? ''} čaka na vaš pregled`,
    body:
      `${greeting(d)}\n\nprojekt ${d.proposalAcronym ?? ''} skupnega razpisa ${call(d)} je oddal: ` +
      `${d.reason ?? 'poročilo'}. Sprejmite ga ali ga s komentarjem vrnite.`,
  }),
  PROJECT_DECISION: (d) => ({
    subject: `${d.proposalAcronym ?? 'Vaš projekt'}: ${d.outcome ?? ''}`,
    body:
      `${greeting(d)}\n\nprojekt ${d.proposalAcronym ?? ''} (skupni razpis ${call(d)}` +
      `): ${d.outcome ?? ''}.${d.reason ? `\n\n${d.reason}` : ''}`,
  }),
  INSTALMENTS_RELEASED: (d) => ({
    subject: `Obroki projekta ${d.proposalAcronym ?? ''} (${d.count ?? ''}) so sproščeni vaši agenciji`,
    body:
      `${greeting(d)}\n\nobroki projekta ${d.proposalAcronym ?? ''} v skupnem razpisu ` +
      `${call(d)} (${d.count ?? ''}) so sproščeni vaši agenciji (${d.reason ?? ''}). ` +
      'Izplačajte partnerje in vsako plačilo potrdite na platformi.',
  }),
  AMENDMENT_REQUESTED: (d) => ({
    subject: `Projekt ${d.proposalAcronym ?? ''} prosi vašo agencijo za odobritev spremembe`,
    body:
      `${greeting(d)}\n\nprojekt ${d.proposalAcronym ?? ''} skupnega razpisa ${call(d)} zahteva ` +
      `spremembo: ${d.reason ?? ''}\n\nOdobrite jo ali jo z utemeljitvijo zavrnite.`,
  }),
  FUNDING_DECISION_RESULT: (d) => ({
    subject: `Odločitev o financiranju predloga ${d.proposalAcronym ?? ''} v razpisu ${call(d)}`,
    body:
      `${greeting(d)}\n\nodločitev o financiranju skupnega razpisa ${call(d)} je sprejeta. ` +
      `${d.proposalAcronym ?? 'Vaš predlog'}: ${d.outcome ?? ''}.` +
      `${d.report ? `\n\nPovzetek ocenjevanja (soglasje neodvisnih strokovnjakov):\n${d.report}` : ''}`,
  }),
  STAGE_ONE_RESULT: (d) => ({
    subject: `Rezultat prve faze za ${d.proposalAcronym ?? 'vaš osnutek predloga'} v razpisu ${call(d)}`,
    body:
      `${greeting(d)}\n\nosnutki predlogov skupnega razpisa ${call(d)} so ocenjeni. ` +
      `${d.proposalAcronym ?? 'Vaš osnutek predloga'}: ${d.outcome ?? ''}.` +
      (d.deadline
        ? ' Na platformi začnite celoten predlog in navedite ta osnutek; ' +
          'koordinator ostane isti, spremembe partnerjev so prikazane ocenjevalcem.'
        : ''),
  }),
  REVIEW_OFFER: (d) => ({
    subject:
      (d.count && d.count > 1
        ? `Predlogi (${d.count}) so vam ponujeni`
        : `Predlog ${d.proposalAcronym ?? ''} vam je ponujen`) + ` v ocenjevanje v razpisu ${call(d)}`,
    body:
      `${greeting(d)}\n\n` +
      (d.count && d.count > 1
        ? `predlogi skupnega razpisa ${call(d)} (${d.count}) so vam ponujeni`
        : `predlog ${d.proposalAcronym ?? ''} skupnega razpisa ${call(d)} vam je ponujen`) +
      ' v ocenjevanje. V svoji čakalni vrsti za ocenjevanje ponudbo sprejmite ali odklonite' +
      `${d.deadline ? ` do ${d.deadline}` : ''}; ponudba brez odgovora preide k drugemu ocenjevalcu.`,
  }),
  REVIEW_OFFER_EXPIRED: (d) => ({
    subject: `Ponudba za ocenjevanje predloga ${d.proposalAcronym ?? ''} je potekla`,
    body:
      `${greeting(d)}\n\nponudba za ocenjevanje predloga ${d.proposalAcronym ?? ''} v skupnem razpisu ` +
      `${call(d)} je potekla brez odgovora in je prešla k drugemu ocenjevalcu.`,
  }),
  REVIEW_REMINDER: (d) => ({
    subject: `Vaša ocena predloga ${d.proposalAcronym ?? ''} zapade čez ${days(d.count)}`,
    body:
      `${greeting(d)}\n\nvaša ocena predloga ${d.proposalAcronym ?? ''} v skupnem razpisu ${call(d)} zapade ` +
      `${d.deadline ? d.deadline : 'kmalu'}. Oddajte jo iz svoje čakalne vrste za ocenjevanje.`,
  }),
  REVIEW_OVERDUE: (d) => ({
    subject: `Ocena predloga ${d.proposalAcronym ?? ''} v razpisu ${call(d)} je zapadla`,
    body:
      `${greeting(d)}\n\nocena predloga ${d.proposalAcronym ?? ''} v skupnem razpisu ${call(d)} je zapadla` +
      `${d.deadline ? ` ${d.deadline}` : ''} in ni oddana. Obrnite se na ocenjevalca ali zamenjajte dodelitev.`,
  }),
  REVIEWERS_MISSING: (d) => ({
    subject: `Predlogu ${d.proposalAcronym ?? ''} v razpisu ${call(d)} manjka ocenjevalcev: ${d.count ?? 'nekaj'}`,
    body:
      `${greeting(d)}\n\npredlog ${d.proposalAcronym ?? ''} skupnega razpisa ${call(d)} potrebuje ` +
      `še ocenjevalce (${d.count ?? 'nekaj'}), kandidatov s prostimi zmogljivostmi pa ni več. ` +
      'Dodajte ocenjevalce v skupino razpisa ali enega dodelite ročno.',
  }),
  RAPPORTEUR_DESIGNATED: (d) => ({
    subject: `Ste poročevalec za predlog ${d.proposalAcronym ?? ''} v razpisu ${call(d)}`,
    body:
      `${greeting(d)}\n\n${d.inviterName ?? 'Skupni sekretariat'} vas je določil za poročevalca za predlog ` +
      `${d.proposalAcronym ?? ''} v skupnem razpisu ${call(d)}. Ko bodo njegove ocene oddane, ` +
      'jih lahko preberete z ocenami in komentarji ter na platformi pripravite soglasje po merilih.',
  }),
  EVALUATOR_ADDED_TO_CALL: (d) => ({
    subject: `Ste ocenjevalec skupnega razpisa ${call(d)}`,
    body:
      `${greeting(d)}\n\n${d.inviterName ?? 'Skupni sekretariat'} vas je dodal med ocenjevalce ` +
      `skupnega razpisa ${call(d)}. Preden vidite kateri koli predlog, ` +
      'na platformi preberite in podpišite izjavo razpisa o zaupnosti in odsotnosti navzkrižja ' +
      'interesov, nato pa prijavite svoja navzkrižja interesov z njegovimi predlogi.',
  }),
  REDRESS_FILED: (d) => ({
    subject: `Zahteva za ponovno presojo predloga ${d.proposalAcronym ?? ''} v razpisu ${call(d)}`,
    body:
      `${greeting(d)}\n\n${d.organisationName ?? 'Koordinator'} je iz postopkovnih razlogov vložil ` +
      `zahtevo za ponovno presojo rezultata predloga ${d.proposalAcronym ?? ''} v skupnem ` +
      `razpisu ${call(d)}. Preberite razloge in na platformi vpišite izid.`,
  }),
  REDRESS_OUTCOME: (d) => ({
    subject: `Izid vaše zahteve za ponovno presojo predloga ${d.proposalAcronym ?? ''}`,
    body:
      `${greeting(d)}\n\nvodja programa je odločil o vaši zahtevi za ponovno presojo predloga ` +
      `${d.proposalAcronym ?? ''} v skupnem razpisu ${call(d)}: ` +
      `${d.outcome ?? ''}.\n\nUtemeljitev: ${d.reason ?? 'ni navedena'}.`,
  }),
  ELIGIBILITY_RECHECK_REQUESTED: (d) => ({
    subject: `Znova preverite upravičenost predloga ${d.proposalAcronym ?? ''} do ${d.deadline ?? 'novega roka'}`,
    body:
      `${greeting(d)}\n\nzahtevi za ponovno presojo predloga ${d.proposalAcronym ?? ''} v skupnem razpisu ` +
      `${call(d)} je bilo ugodeno in preverjanje njegove upravičenosti je znova odprto. ` +
      `${d.agencyName ?? 'Vaša agencija'} naj za vsakega od financiranih partnerjev svoje regije v njem (` +
      `${d.count ?? ''}) do ${d.deadline ?? 'novega roka'} znova vpiše ` +
      'upravičen ali neupravičen z utemeljitvijo.',
  }),
  MEMBERSHIP_APPROVED: (d) => ({
    subject: `Zdaj ste član organizacije ${d.organisationName ?? ''}`.trimEnd(),
    body:
      `${greeting(d)}\n\nvaša zahteva za pridružitev organizaciji ` +
      `${d.organisationName ?? ''} je odobrena. Zdaj lahko vidite in urejate njene predloge.`,
  }),
};

const messages = (n: number): string => counted(n, ['sporočilo', 'sporočili', 'sporočila', 'sporočil']);

export const slovenian: NotificationCatalog = {
  templates,
  signature:
    '\n\n-- \nACIE Joint Call Engine\nTo sporočilo prejemate zaradi ' +
    'svojega računa na platformi ACIE za skupne razpise.',
  openOnPlatform: 'Odprite na platformi:',
  digest: {
    subject: (day, n) => `Vaš povzetek ACIE za ${day}: ${messages(n)}`,
    intro: (day, n) => `Vaš dnevni povzetek za ${day} (${messages(n)}):`,
    footer:
      '\n\n-- \nACIE Joint Call Engine\nTa dnevni povzetek prejemate zaradi svojih ' +
      'nastavitev obveščanja na platformi ACIE za skupne razpise.',
  },
};
