import type { NotificationCatalog } from './catalog';
import type { NotificationData } from '../notification-data';

function greeting(data: NotificationData): string {
  const name = data.recipientName?.trim();
  return name ? `Gentile ${name},` : 'Gentile collega,';
}

function expiry(data: NotificationData): string {
  return data.expiresAt ? `\n\nIl link funziona una sola volta e scade il ${data.expiresAt} (UTC).` : '';
}

const call = (d: NotificationData): string => `«${d.callTitle ?? ''}»`;

const templates: NotificationCatalog['templates'] = {
  EMAIL_VERIFICATION: (d) => ({
    subject: 'Conferma il tuo indirizzo e-mail',
    body:
      `${greeting(d)}\n\nconferma il tuo indirizzo e-mail per attivare il tuo account:\n\n` +
      `${d.link}${expiry(d)}\n\nSe non ti sei registrato, ignora questo messaggio.`,
  }),
  PASSWORD_RESET: (d) => ({
    subject: 'Reimposta la tua password',
    body:
      `${greeting(d)}\n\nqualcuno (speriamo tu) ha chiesto di reimpostare la password del tuo ` +
      `account. Scegline una nuova qui:\n\n${d.link}${expiry(d)}\n\nSe non l'hai chiesto ` +
      'tu, ignora questo messaggio: la tua password resta invariata.',
  }),
  ORGANISATION_INVITATION: (d) => ({
    subject: `Invito a unirti a ${d.organisationName ?? "un'organizzazione"} sulla piattaforma ACIE`,
    body:
      `${greeting(d)}\n\n${d.inviterName ?? 'Un collega'} ti invita a unirti a ` +
      `${d.organisationName ?? 'la sua organizzazione'} come proponente:\n\n${d.link}${expiry(d)}`,
  }),
  EVALUATOR_INVITATION: (d) => ({
    subject: 'Invito al gruppo di valutatori ACIE',
    body:
      `${greeting(d)}\n\n${d.inviterName ?? 'Il segretariato congiunto'} ti invita a entrare ` +
      'nel gruppo di esperti indipendenti che valutano i bandi congiunti ACIE' +
      `${d.callTitle ? ` (${d.callTitle})` : ''}:\n\n${d.link}${expiry(d)}`,
  }),
  STAFF_INVITATION: (d) => ({
    subject: 'Il tuo account di personale ACIE',
    body:
      `${greeting(d)}\n\nun amministratore ha creato per te un account di personale` +
      `${d.organisationName ? ` (${d.organisationName})` : ''}. ` +
      `Imposta qui la tua password:\n\n${d.link}${expiry(d)}`,
  }),
  MEMBERSHIP_REQUESTED: (d) => ({
    subject: `${d.applicantName ?? 'Qualcuno'} chiede di unirsi a ${d.organisationName ?? 'la tua organizzazione'}`,
    body:
      `${greeting(d)}\n\n${d.applicantName ?? 'Un nuovo utente'} si è registrato e chiede di unirsi a ` +
      `${d.organisationName ?? 'la tua organizzazione'}. Approva o rifiuta la richiesta sulla piattaforma.`,
  }),
  ALIGNMENT_INVITATION: (d) => ({
    subject: `Impegna fondi per il bando congiunto ${call(d)} entro ${d.deadline ?? 'la scadenza di allineamento'}`,
    body:
      `${greeting(d)}\n\n${d.agencyName ?? 'la tua agenzia'} è invitata ad allineare i propri fondi ` +
      `regionali con il bando congiunto ${call(d)}. Proponi l'importo e le regole regionali, ` +
      `poi conferma o rinuncia, entro ${d.deadline ?? 'la scadenza di allineamento'}. ` +
      `Un'agenzia che non ha confermato entro quella data esce dal bando.`,
  }),
  ALIGNMENT_DROPPED_OUT: (d) => ({
    subject: `${d.agencyName ?? 'La tua agenzia'} è uscita da ${call(d)}`,
    body:
      `${greeting(d)}\n\nl'allineamento dei fondi del bando congiunto ${call(d)} si è concluso senza una ` +
      `conferma di ${d.agencyName ?? 'la tua agenzia'}, che quindi non partecipa a questo bando.`,
  }),
  CALL_CANCELLED: (d) => ({
    subject: `Il bando congiunto ${call(d)} è stato annullato`,
    body: `${greeting(d)}\n\nil bando congiunto ${call(d)} è stato annullato. Motivo: ${d.reason ?? 'non indicato'}.`,
  }),
  CALL_OPENED: (d) => ({
    subject: `Il bando congiunto ${call(d)} è aperto`,
    body:
      `${greeting(d)}\n\nil bando congiunto ${call(d)} è aperto alle proposte ` +
      `fino a ${d.deadline ?? 'la scadenza di presentazione'}.`,
  }),
  PROPOSAL_PARTNER_INVITATION: (d) => ({
    subject: `${d.organisationName ?? 'La tua organizzazione'} è invitata alla proposta ${d.proposalAcronym ?? ''}`,
    body:
      `${greeting(d)}\n\n${d.inviterName ?? 'Un coordinatore'} invita ` +
      `${d.organisationName ?? 'la tua organizzazione'} a partecipare alla proposta ${d.proposalAcronym ?? ''} ` +
      `per il bando congiunto ${call(d)}. Accetta l'invito sulla piattaforma e inserisci i dati di partner ` +
      'della tua organizzazione (finanziamento, costi ammissibili, contributo richiesto).',
  }),
  PROPOSAL_SUBMITTED: (d) => ({
    subject: `Ricevuta: ${d.proposalAcronym ?? 'la tua proposta'} presentata a ${call(d)}`,
    body:
      `${greeting(d)}\n\nla proposta ${d.proposalAcronym ?? ''} è stata presentata.\n\n${d.receipt ?? ''}` +
      `\n\nPuoi ripresentarla fino alla scadenza; vale l'ultima versione prima della scadenza.`,
  }),
  ELIGIBILITY_CHECK_REQUESTED: (d) => ({
    subject:
      `Verifica l'ammissibilità di ${d.count ?? 'tuoi'} partner in ${call(d)} ` +
      `entro ${d.deadline ?? 'la scadenza di verifica'}`,
    body:
      `${greeting(d)}\n\nla presentazione del bando congiunto ${call(d)} si è chiusa. ` +
      `${d.agencyName ?? 'La tua agenzia'} è invitata a registrare, per ciascuno dei ${d.count ?? ''} partner ` +
      'finanziati della sua regione, ammissibile o non ammissibile con una motivazione, ' +
      `entro ${d.deadline ?? 'la scadenza di verifica'}. ` +
      'Le decisioni mancanti vengono segnalate al responsabile del programma.',
  }),
  ELIGIBILITY_ESCALATION: (d) => ({
    subject: `Mancano ${d.count ?? 'alcune'} decisioni regionali di ammissibilità in ${call(d)}`,
    body:
      `${greeting(d)}\n\n${d.count ?? 'Alcune'} decisioni regionali di ammissibilità del bando congiunto ` +
      `${call(d)} mancano dopo la loro scadenza. Le proposte interessate attendono nella ` +
      'verifica di ammissibilità: registra le decisioni per conto delle agenzie ' +
      `(con una motivazione) o proroga la scadenza di un'agenzia.`,
  }),
  PROPOSAL_ELIGIBILITY_RESULT: (d) => ({
    subject: `Ammissibilità di ${d.proposalAcronym ?? 'la tua proposta'}: ${d.outcome?.split(':')[0] ?? ''}`,
    body:
      `${greeting(d)}\n\nla verifica di ammissibilità di ` +
      `${d.proposalAcronym ?? 'la tua proposta'} nel bando congiunto ${call(d)} è conclusa: ${d.outcome ?? ''}.`,
  }),
  FUNDING_DECISION_PROPOSED: (d) => ({
    subject: `Decisione di finanziamento da approvare per ${call(d)}`,
    body:
      `${greeting(d)}\n\nil segretariato congiunto propone la decisione di finanziamento del bando congiunto ` +
      `${call(d)} (${d.count ?? 0} proposte selezionate). Approvala per la tua regione — ` +
      `con condizioni se necessario — o presenta un'obiezione motivata` +
      `${d.deadline ? ` entro ${d.deadline}` : ''}.`,
  }),
  FUNDING_DECISION_OBJECTED: (d) => ({
    subject: `Obiezione alla decisione di finanziamento di ${call(d)}`,
    body:
      `${greeting(d)}\n\nl'agenzia di ${d.agencyName ?? 'una regione'} ha presentato un'obiezione ` +
      `alla decisione di finanziamento proposta per il bando congiunto ${call(d)}: ` +
      `${d.reason ?? ''}\n\nRivedi la decisione; le agenzie la approveranno di nuovo.`,
  }),
  FUNDING_DECISION_REMINDER: (d) => ({
    subject: `La decisione di finanziamento di ${call(d)} attende ancora ${d.agencyName ?? 'la tua agenzia'}`,
    body:
      `${greeting(d)}\n\nla decisione di finanziamento del bando congiunto ${call(d)} attendeva la tua ` +
      `approvazione${d.deadline ? ` entro ${d.deadline}` : ''}. ` +
      `La decisione attende la tua risposta: approvala per la tua regione o presenta un'obiezione motivata.`,
  }),
  FUNDING_DECISION_ESCALATION: (d) => ({
    subject: `Mancano ${d.count ?? 'alcune'} risposte delle agenzie sulla decisione di finanziamento di ${call(d)}`,
    body:
      `${greeting(d)}\n\n${d.count ?? 'Alcune'} agenzie non hanno risposto alla decisione di ` +
      `finanziamento del bando congiunto ${call(d)}${d.deadline ? ` entro ${d.deadline}` : ''}. ` +
      'La decisione attende: sollecitale o proroga la scadenza della decisione.',
  }),
  GRANT_WITHDRAWN: (d) => ({
    subject: `Un contributo di ${d.proposalAcronym ?? 'una proposta'} è stato ritirato in ${call(d)}`,
    body:
      `${greeting(d)}\n\nil contributo di un partner in ${d.proposalAcronym ?? 'una proposta finanziata'} del ` +
      `bando congiunto ${call(d)} è stato ritirato: ${d.reason ?? ''}\n\nIl suo budget è di nuovo libero: ` +
      'proponi lo scorrimento della prossima proposta di riserva che ora rientra, o chiudi la lista di riserva.',
  }),
  MILESTONE_REMINDER: (d) => ({
    subject:
      `La milestone «${d.reason ?? ''}» di ` +
      `${d.proposalAcronym ?? 'il tuo progetto'} scade tra ${d.count ?? 'pochi'} giorni`,
    body:
      `${greeting(d)}\n\nla milestone «${d.reason ?? ''}» di ` +
      `${d.proposalAcronym ?? 'il tuo progetto'} (bando congiunto ${call(d)}) ` +
      `scade ${d.deadline ? `il ${d.deadline}` : 'a breve'}. ` +
      'Il coordinatore presenta la relazione congiunta sulla piattaforma.',
  }),
  MILESTONE_OVERDUE: (d) => ({
    subject: `La milestone «${d.reason ?? ''}» di ${d.proposalAcronym ?? 'un progetto'} è scaduta`,
    body:
      `${greeting(d)}\n\nla milestone «${d.reason ?? ''}» di ` +
      `${d.proposalAcronym ?? 'un progetto'} nel bando congiunto ${call(d)} scadeva ` +
      `${d.deadline ? `il ${d.deadline} ` : ''}e non è stata rendicontata dopo il periodo di tolleranza.`,
  }),
  REPORT_REMINDER: (d) => ({
    subject:
      `La relazione «${d.reason ?? 'periodica'}» di ` +
      `${d.proposalAcronym ?? 'il tuo progetto'} scade tra ${d.count ?? 'pochi'} giorni`,
    body:
      `${greeting(d)}\n\nla relazione «${d.reason ?? 'periodica'}» di ${d.proposalAcronym ?? 'il tuo progetto'}` +
      ` (bando congiunto ${call(d)}) scade ${d.deadline ? `il ${d.deadline}` : 'a breve'}. ` +
      'Il coordinatore presenta la relazione congiunta sulla piattaforma, ' +
      'con la parte di ciascun partner finanziato.',
  }),
  REPORT_OVERDUE: (d) => ({
    subject: `La relazione «${d.reason ?? 'periodica'}» di ${d.proposalAcronym ?? 'un progetto'} è scaduta`,
    body:
      `${greeting(d)}\n\nla relazione «${d.reason ?? 'periodica'}» di ` +
      `${d.proposalAcronym ?? 'un progetto'} nel bando congiunto ${call(d)} scadeva ` +
      `${d.deadline ? `il ${d.deadline} ` : ''}e non è stata presentata dopo il periodo di tolleranza.`,
  }),
  PROJECT_REPORT_SUBMITTED: (d) => ({
    subject: `${d.reason ?? 'Una relazione'} di ${d.proposalAcronym ?? 'un progetto'} attende la tua revisione`,
    body:
      `${greeting(d)}\n\n${d.proposalAcronym ?? 'un progetto'} del bando congiunto ${call(d)} ha presentato ` +
      `${d.reason ?? 'una relazione'}. Accettala o rimandala indietro con un commento.`,
  }),
  PROJECT_DECISION: (d) => ({
    subject: `${d.proposalAcronym ?? 'Il tuo progetto'}: ${d.outcome ?? ''}`,
    body:
      `${greeting(d)}\n\n${d.proposalAcronym ?? 'il tuo progetto'} (bando congiunto ` +
      `${call(d)}): ${d.outcome ?? ''}.${d.reason ? `\n\n${d.reason}` : ''}`,
  }),
  INSTALMENTS_RELEASED: (d) => ({
    subject: `${d.count ?? 'Alcune'} rate di ${d.proposalAcronym ?? 'un progetto'} svincolate alla tua agenzia`,
    body:
      `${greeting(d)}\n\n${d.count ?? 'alcune'} rate di ${d.proposalAcronym ?? 'un progetto'} nel ` +
      `bando congiunto ${call(d)} sono state svincolate alla tua agenzia (${d.reason ?? ''}). ` +
      'Paga i tuoi partner e conferma ogni pagamento sulla piattaforma.',
  }),
  AMENDMENT_REQUESTED: (d) => ({
    subject: `${d.proposalAcronym ?? 'Un progetto'} chiede alla tua agenzia di approvare una modifica`,
    body:
      `${greeting(d)}\n\n${d.proposalAcronym ?? 'un progetto'} del bando congiunto ${call(d)} chiede una ` +
      `modifica: ${d.reason ?? ''}\n\nApprovala o respingila con una motivazione.`,
  }),
  FUNDING_DECISION_RESULT: (d) => ({
    subject: `Decisione di finanziamento su ${d.proposalAcronym ?? 'la tua proposta'} in ${call(d)}`,
    body:
      `${greeting(d)}\n\nla decisione di finanziamento del bando congiunto ${call(d)} è stata presa. ` +
      `${d.proposalAcronym ?? 'La tua proposta'}: ${d.outcome ?? ''}.` +
      `${d.report ? `\n\nSintesi della valutazione (consenso degli esperti indipendenti):\n${d.report}` : ''}`,
  }),
  STAGE_ONE_RESULT: (d) => ({
    subject: `Esito della prima fase di ${d.proposalAcronym ?? 'la tua pre-proposta'} in ${call(d)}`,
    body:
      `${greeting(d)}\n\nle pre-proposte del bando congiunto ${call(d)} sono state valutate. ` +
      `${d.proposalAcronym ?? 'La tua pre-proposta'}: ${d.outcome ?? ''}.` +
      (d.deadline
        ? ' Avvia la proposta completa sulla piattaforma indicando questa pre-proposta; ' +
          'il coordinatore resta lo stesso, le modifiche ai partner sono mostrate ai valutatori.'
        : ''),
  }),
  REVIEW_OFFER: (d) => ({
    subject:
      `${d.count && d.count > 1 ? `${d.count} proposte offerte` : `${d.proposalAcronym ?? 'Una proposta'} offerta`}` +
      ` per la valutazione in ${call(d)}`,
    body:
      `${greeting(d)}\n\n` +
      (d.count && d.count > 1
        ? `${d.count} proposte del bando congiunto ${call(d)} ti sono offerte`
        : `la proposta ${d.proposalAcronym ?? ''} del bando congiunto ${call(d)} ti è offerta`) +
      ' per la valutazione. Accetta o rifiuta nella tua coda di valutazione' +
      `${d.deadline ? ` entro ${d.deadline}` : ''}; un'offerta senza risposta passa a un altro valutatore.`,
  }),
  REVIEW_OFFER_EXPIRED: (d) => ({
    subject: `Offerta di valutazione per ${d.proposalAcronym ?? 'una proposta'} scaduta`,
    body:
      `${greeting(d)}\n\nl'offerta di valutare ${d.proposalAcronym ?? 'una proposta'} nel bando ` +
      `congiunto ${call(d)} è scaduta senza risposta ed è passata a un altro valutatore.`,
  }),
  REVIEW_REMINDER: (d) => ({
    subject: `La tua valutazione di ${d.proposalAcronym ?? 'una proposta'} scade tra ${d.count ?? 'pochi'} giorni`,
    body:
      `${greeting(d)}\n\nla tua valutazione di ${d.proposalAcronym ?? 'una proposta'} nel bando congiunto ` +
      `${call(d)} scade ${d.deadline ? `il ${d.deadline}` : 'a breve'}. Presentala dalla tua coda di valutazione.`,
  }),
  REVIEW_OVERDUE: (d) => ({
    subject: `Valutazione di ${d.proposalAcronym ?? 'una proposta'} scaduta in ${call(d)}`,
    body:
      `${greeting(d)}\n\nuna valutazione di ${d.proposalAcronym ?? 'una proposta'} nel bando ` +
      `congiunto ${call(d)} scadeva ${d.deadline ? `il ${d.deadline} ` : ''}e non è stata ` +
      `presentata. Contatta il valutatore o sostituisci l'assegnazione.`,
  }),
  REVIEWERS_MISSING: (d) => ({
    subject: `A ${d.proposalAcronym ?? 'una proposta'} mancano ${d.count ?? 'alcuni'} valutatori in ${call(d)}`,
    body:
      `${greeting(d)}\n\n${d.proposalAcronym ?? 'Una proposta'} del bando congiunto ${call(d)} ha ancora ` +
      `bisogno di ${d.count ?? 'alcuni'} valutatori e non resta alcun candidato con carico ` +
      'disponibile. Aggiungi valutatori al gruppo del bando o assegnane uno manualmente.',
  }),
  RAPPORTEUR_DESIGNATED: (d) => ({
    subject: `Sei il relatore di ${d.proposalAcronym ?? 'una proposta'} in ${call(d)}`,
    body:
      `${greeting(d)}\n\n${d.inviterName ?? 'Il segretariato congiunto'} ti ha designato relatore di ` +
      `${d.proposalAcronym ?? 'una proposta'} nel bando congiunto ${call(d)}. ` +
      'Quando le sue valutazioni saranno presentate potrai leggerle, ' +
      'con punteggi e commenti, e redigere il consenso per criterio sulla piattaforma.',
  }),
  EVALUATOR_ADDED_TO_CALL: (d) => ({
    subject: `Sei un valutatore del bando congiunto ${call(d)}`,
    body:
      `${greeting(d)}\n\n${d.inviterName ?? 'Il segretariato congiunto'} ti ha aggiunto ai ` +
      `valutatori del bando congiunto ${call(d)}. Prima di vedere qualsiasi proposta, ` +
      'leggi e firma sulla piattaforma la dichiarazione di riservatezza e assenza di conflitti del ' +
      'bando, poi dichiara i tuoi conflitti di interesse con le sue proposte.',
  }),
  REDRESS_FILED: (d) => ({
    subject: `Richiesta di riesame su ${d.proposalAcronym ?? 'una proposta'} in ${call(d)}`,
    body:
      `${greeting(d)}\n\n${d.organisationName ?? 'Il coordinatore'} ha presentato una richiesta di riesame ` +
      `per motivi procedurali contro l'esito di ${d.proposalAcronym ?? 'una proposta'} nel bando ` +
      `congiunto ${call(d)}. Leggi le motivazioni e registra l'esito sulla piattaforma.`,
  }),
  REDRESS_OUTCOME: (d) => ({
    subject: `Esito della tua richiesta di riesame su ${d.proposalAcronym ?? 'la tua proposta'}`,
    body:
      `${greeting(d)}\n\nil responsabile del programma ha deciso sulla tua richiesta di riesame ` +
      `su ${d.proposalAcronym ?? 'la tua proposta'} nel bando congiunto ${call(d)}: ` +
      `${d.outcome ?? ''}.\n\nMotivazione: ${d.reason ?? 'non indicata'}.`,
  }),
  ELIGIBILITY_RECHECK_REQUESTED: (d) => ({
    subject:
      `Verifica di nuovo l'ammissibilità di ` +
      `${d.proposalAcronym ?? 'una proposta'} entro ${d.deadline ?? 'la nuova scadenza'}`,
    body:
      `${greeting(d)}\n\nuna richiesta di riesame su ${d.proposalAcronym ?? 'una proposta'} nel bando congiunto ` +
      `${call(d)} è stata accolta e la sua verifica di ammissibilità riaperta. ` +
      `${d.agencyName ?? 'La tua agenzia'} è invitata a registrare di nuovo, ` +
      `per ciascuno dei ${d.count ?? ''} partner finanziati della sua regione, ` +
      `ammissibile o non ammissibile con una motivazione, entro ${d.deadline ?? 'la nuova scadenza'}.`,
  }),
  MEMBERSHIP_APPROVED: (d) => ({
    subject: `Ora sei membro di ${d.organisationName ?? 'la tua organizzazione'}`,
    body:
      `${greeting(d)}\n\nla tua richiesta di unirti a ${d.organisationName ?? "l'organizzazione"}` +
      ' è stata approvata. Ora puoi vedere e modificare le sue proposte.',
  }),
};

const messages = (n: number): string => `${n} ${n === 1 ? 'messaggio' : 'messaggi'}`;

export const italian: NotificationCatalog = {
  templates,
  signature:
    '\n\n-- \nACIE Joint Call Engine\nRicevi questo messaggio per il tuo ' +
    'account sulla piattaforma ACIE dei bandi congiunti.',
  openOnPlatform: 'Apri sulla piattaforma:',
  digest: {
    subject: (day, n) => `Il tuo riepilogo ACIE del ${day}: ${messages(n)}`,
    intro: (day, n) => `Il tuo riepilogo giornaliero del ${day} (${messages(n)}):`,
    footer:
      '\n\n-- \nACIE Joint Call Engine\nRicevi questo riepilogo giornaliero per le tue ' +
      'preferenze di notifica sulla piattaforma ACIE dei bandi congiunti.',
  },
};
