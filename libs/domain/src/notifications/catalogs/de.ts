import type { NotificationCatalog } from './catalog';
import type { NotificationData } from '../notification-data';

function greeting(data: NotificationData): string {
  const name = data.recipientName?.trim();
  return name ? `Guten Tag ${name},` : 'Guten Tag,';
}

function expiry(data: NotificationData): string {
  return data.expiresAt ? `\n\nDer Link funktioniert einmal und läuft am ${data.expiresAt} (UTC) ab.` : '';
}

const call = (d: NotificationData): string => `„${d.callTitle ?? ''}“`;

const templates: NotificationCatalog['templates'] = {
  EMAIL_VERIFICATION: (d) => ({
    subject: 'Bestätigen Sie Ihre E-Mail-Adresse',
    body:
      `${greeting(d)}\n\nbitte bestätigen Sie Ihre E-Mail-Adresse, um Ihr Konto zu aktivieren:\n\n${d.link}` +
      `${expiry(d)}\n\nWenn Sie sich nicht registriert haben, ignorieren Sie diese Nachricht.`,
  }),
  PASSWORD_RESET: (d) => ({
    subject: 'Passwort zurücksetzen',
    body:
      `${greeting(d)}\n\njemand (hoffentlich Sie) hat verlangt, das Passwort Ihres Kontos ` +
      `zurückzusetzen. Wählen Sie hier ein neues:\n\n${d.link}${expiry(d)}\n\nWenn Sie das nicht ` +
      'verlangt haben, ignorieren Sie diese Nachricht: Ihr Passwort bleibt unverändert.',
  }),
  ORGANISATION_INVITATION: (d) => ({
    subject: `Einladung, ${d.organisationName ?? 'einer Organisation'} auf der ACIE-Plattform beizutreten`,
    body:
      `${greeting(d)}\n\n${d.inviterName ?? 'Eine Kollegin oder ein Kollege'} lädt Sie ein, ` +
      `${d.organisationName ?? 'der Organisation'} als Antragsteller beizutreten:\n\n${d.link}${expiry(d)}`,
  }),
  EVALUATOR_INVITATION: (d) => ({
    subject: 'Einladung in den ACIE-Gutachterpool',
    body:
      `${greeting(d)}\n\n${d.inviterName ?? 'Das gemeinsame Sekretariat'} lädt Sie in den Pool ` +
      'unabhängiger Expertinnen und Experten ein, die gemeinsame ACIE-Ausschreibungen begutachten' +
      `${d.callTitle ? ` (${d.callTitle})` : ''}:\n\n${d.link}${expiry(d)}`,
  }),
  STAFF_INVITATION: (d) => ({
    subject: 'Ihr ACIE-Mitarbeiterkonto',
    body:
      `${greeting(d)}\n\neine Administratorin oder ein Administrator hat ein ` +
      'Mitarbeiterkonto für Sie angelegt' +
      `${d.organisationName ? ` (${d.organisationName})` : ''}. ` +
      `Legen Sie hier Ihr Passwort fest:\n\n${d.link}${expiry(d)}`,
  }),
  MEMBERSHIP_REQUESTED: (d) => ({
    subject: `${d.applicantName ?? 'Jemand'} möchte ${d.organisationName ?? 'Ihrer Organisation'} beitreten`,
    body:
      `${greeting(d)}\n\n${d.applicantName ?? 'Eine neue Person'} hat sich registriert und ` +
      `möchte ${d.organisationName ?? 'Ihrer Organisation'} beitreten. ` +
      'Nehmen Sie die Anfrage auf der Plattform an oder lehnen Sie sie ab.',
  }),
  ALIGNMENT_INVITATION: (d) => ({
    subject: `Mittel für die gemeinsame Ausschreibung ${call(d)} bis ${d.deadline ?? 'zur Abstimmungsfrist'} zusagen`,
    body:
      `${greeting(d)}\n\n${d.agencyName ?? 'Ihre Förderagentur'} ist eingeladen, ` +
      `ihre regionalen Mittel auf die gemeinsame Ausschreibung ${call(d)} abzustimmen. ` +
      'Schlagen Sie Ihren Betrag und Ihre regionalen Regeln vor und bestätigen oder lehnen ' +
      `Sie bis ${d.deadline ?? 'zur Abstimmungsfrist'} ab. Eine Agentur, ` +
      'die bis dahin nicht bestätigt hat, scheidet aus der Ausschreibung aus.',
  }),
  ALIGNMENT_DROPPED_OUT: (d) => ({
    subject: `${d.agencyName ?? 'Ihre Förderagentur'} ist aus ${call(d)} ausgeschieden`,
    body:
      `${greeting(d)}\n\ndie Mittelabstimmung der gemeinsamen Ausschreibung ${call(d)} endete ohne Bestätigung ` +
      `von ${d.agencyName ?? 'Ihrer Förderagentur'}; sie nimmt an dieser Ausschreibung nicht teil.`,
  }),
  CALL_CANCELLED: (d) => ({
    subject: `Die gemeinsame Ausschreibung ${call(d)} wurde abgesagt`,
    body:
      `${greeting(d)}\n\ndie gemeinsame Ausschreibung ${call(d)} wurde ` +
      `abgesagt. Grund: ${d.reason ?? 'nicht angegeben'}.`,
  }),
  CALL_OPENED: (d) => ({
    subject: `Die gemeinsame Ausschreibung ${call(d)} ist geöffnet`,
    body:
      `${greeting(d)}\n\ndie gemeinsame Ausschreibung ${call(d)} nimmt bis ` +
      `${d.deadline ?? 'zu ihrer Einreichungsfrist'} Anträge entgegen.`,
  }),
  PROPOSAL_PARTNER_INVITATION: (d) => ({
    subject: `${d.organisationName ?? 'Ihre Organisation'} ist zum Antrag ${d.proposalAcronym ?? ''} eingeladen`,
    body:
      `${greeting(d)}\n\n${d.inviterName ?? 'Eine Koordinatorin oder ein Koordinator'} lädt ` +
      `${d.organisationName ?? 'Ihre Organisation'} ein, sich dem Antrag ${d.proposalAcronym ?? ''} für die ` +
      `gemeinsame Ausschreibung ${call(d)} anzuschließen. Nehmen Sie die Einladung auf der Plattform an und ` +
      'geben Sie die Partnerdaten Ihrer Organisation ein (Förderung, ' +
      'förderfähige Kosten, beantragter Zuschuss).',
  }),
  PROPOSAL_SUBMITTED: (d) => ({
    subject: `Eingangsbestätigung: ${d.proposalAcronym ?? 'Ihr Antrag'} bei ${call(d)} eingereicht`,
    body:
      `${greeting(d)}\n\nder Antrag ${d.proposalAcronym ?? ''} wurde eingereicht.\n\n${d.receipt ?? ''}\n\nSie ` +
      'können bis zur Frist erneut einreichen; es zählt die letzte Fassung vor der Frist.',
  }),
  ELIGIBILITY_CHECK_REQUESTED: (d) => ({
    subject:
      `Förderfähigkeit von ${d.count ?? 'Ihren'} Partner(n) ` +
      `in ${call(d)} bis ${d.deadline ?? 'zur Prüffrist'} prüfen`,
    body:
      `${greeting(d)}\n\ndie Einreichung der gemeinsamen Ausschreibung ${call(d)} ist geschlossen. ` +
      `${d.agencyName ?? 'Ihre Förderagentur'} wird gebeten, für jeden der ${d.count ?? ''} geförderten ` +
      `Partner ihrer Region bis ${d.deadline ?? 'zur Prüffrist'} förderfähig oder nicht förderfähig mit ` +
      'Begründung zu erfassen. Fehlende Entscheidungen werden an das Programmmanagement eskaliert.',
  }),
  ELIGIBILITY_ESCALATION: (d) => ({
    subject: `${d.count ?? 'Einige'} regionale Förderfähigkeitsentscheidung(en) fehlen in ${call(d)}`,
    body:
      `${greeting(d)}\n\n${d.count ?? 'Einige'} regionale Förderfähigkeitsentscheidung(en) ` +
      `der gemeinsamen Ausschreibung ${call(d)} fehlen nach Ablauf ihrer Frist. ` +
      'Die betroffenen Anträge warten in der Förderfähigkeitsprüfung: ' +
      'Erfassen Sie die Entscheidungen für die Agenturen (mit Begründung) ' +
      'oder verlängern Sie die Frist einer Agentur.',
  }),
  PROPOSAL_ELIGIBILITY_RESULT: (d) => ({
    subject: `Förderfähigkeit von ${d.proposalAcronym ?? 'Ihrem Antrag'}: ${d.outcome?.split(':')[0] ?? ''}`,
    body:
      `${greeting(d)}\n\ndie Förderfähigkeitsprüfung von ${d.proposalAcronym ?? 'Ihrem Antrag'} in der ` +
      `gemeinsamen Ausschreibung ${call(d)} ist abgeschlossen: ${d.outcome ?? ''}.`,
  }),
  FUNDING_DECISION_PROPOSED: (d) => ({
    subject: `Förderentscheidung für ${call(d)} zur Genehmigung`,
    body:
      `${greeting(d)}\n\ndas gemeinsame Sekretariat schlägt die Förderentscheidung der ` +
      `gemeinsamen Ausschreibung ${call(d)} vor (${d.count ?? 0} Antrag/Anträge ausgewählt). ` +
      'Genehmigen Sie sie für Ihre Region — bei Bedarf mit Auflagen — ' +
      `oder erheben Sie Einwand mit Begründung${d.deadline ? ` bis ${d.deadline}` : ''}.`,
  }),
  FUNDING_DECISION_OBJECTED: (d) => ({
    subject: `Einwand gegen die Förderentscheidung von ${call(d)}`,
    body:
      `${greeting(d)}\n\ndie Agentur für ${d.agencyName ?? 'eine Region'} hat Einwand gegen die ` +
      `vorgeschlagene Förderentscheidung der gemeinsamen Ausschreibung ${call(d)} erhoben: ` +
      `${d.reason ?? ''}\n\nÜberarbeiten Sie die Entscheidung; die Agenturen genehmigen sie dann erneut.`,
  }),
  FUNDING_DECISION_REMINDER: (d) => ({
    subject: `Die Förderentscheidung von ${call(d)} wartet noch auf ${d.agencyName ?? 'Ihre Förderagentur'}`,
    body:
      `${greeting(d)}\n\ndie Förderentscheidung der gemeinsamen Ausschreibung ${call(d)} sollte` +
      `${d.deadline ? ` bis ${d.deadline}` : ''} von Ihnen genehmigt werden. ` +
      'Die Entscheidung wartet auf Ihre Antwort: Genehmigen Sie sie für Ihre ' +
      'Region oder erheben Sie Einwand mit Begründung.',
  }),
  FUNDING_DECISION_ESCALATION: (d) => ({
    subject: `${d.count ?? 'Einige'} Antwort(en) von Agenturen zur Förderentscheidung von ${call(d)} fehlen`,
    body:
      `${greeting(d)}\n\n${d.count ?? 'Einige'} Agentur(en) haben die Förderentscheidung der gemeinsamen ` +
      `Ausschreibung ${call(d)}${d.deadline ? ` bis ${d.deadline}` : ''} nicht beantwortet. ` +
      'Die Entscheidung wartet: Fragen Sie bei ihnen nach oder verlängern Sie die Entscheidungsfrist.',
  }),
  GRANT_WITHDRAWN: (d) => ({
    subject: `Ein Zuschuss von ${d.proposalAcronym ?? 'einem Antrag'} in ${call(d)} wurde zurückgezogen`,
    body:
      `${greeting(d)}\n\nder Zuschuss eines Partners in ` +
      `${d.proposalAcronym ?? 'einem geförderten Antrag'} der gemeinsamen Ausschreibung ${call(d)} wurde ` +
      `zurückgezogen: ${d.reason ?? ''}\n\nSein Budget ist wieder frei: ` +
      'Schlagen Sie das Nachrücken des nächsten passenden Antrags der ' +
      'Reserveliste vor oder schließen Sie die Reserveliste.',
  }),
  MILESTONE_REMINDER: (d) => ({
    subject:
      `Meilenstein „${d.reason ?? ''}“ von ` +
      `${d.proposalAcronym ?? 'Ihrem Projekt'} ist in ${d.count ?? 'wenigen'} Tag(en) fällig`,
    body:
      `${greeting(d)}\n\nder Meilenstein „${d.reason ?? ''}“ von ${d.proposalAcronym ?? 'Ihrem Projekt'}` +
      ` (gemeinsame Ausschreibung ${call(d)}) ist ${d.deadline ? `am ${d.deadline}` : 'bald'} ` +
      'fällig. Die Koordination reicht den gemeinsamen Bericht auf der Plattform ein.',
  }),
  MILESTONE_OVERDUE: (d) => ({
    subject: `Meilenstein „${d.reason ?? ''}“ von ${d.proposalAcronym ?? 'einem Projekt'} ist überfällig`,
    body:
      `${greeting(d)}\n\nder Meilenstein „${d.reason ?? ''}“ von ` +
      `${d.proposalAcronym ?? 'einem Projekt'} in der gemeinsamen Ausschreibung ${call(d)} war ` +
      `${d.deadline ? `am ${d.deadline} ` : ''}fällig und ist nach der Nachfrist nicht berichtet.`,
  }),
  REPORT_REMINDER: (d) => ({
    subject:
      `Der Bericht „${d.reason ?? 'Zwischenbericht'}“ von ` +
      `${d.proposalAcronym ?? 'Ihrem Projekt'} ist in ${d.count ?? 'wenigen'} Tag(en) fällig`,
    body:
      `${greeting(d)}\n\nder Bericht „${d.reason ?? 'Zwischenbericht'}“ von ` +
      `${d.proposalAcronym ?? 'Ihrem Projekt'} (gemeinsame Ausschreibung ${call(d)}) ` +
      `ist ${d.deadline ? `am ${d.deadline}` : 'bald'} fällig. Die Koordination reicht den gemeinsamen ` +
      'Bericht auf der Plattform ein, mit dem Teil jedes geförderten Partners.',
  }),
  REPORT_OVERDUE: (d) => ({
    subject:
      `Der Bericht „${d.reason ?? 'Zwischenbericht'}“ ` +
      `von ${d.proposalAcronym ?? 'einem Projekt'} ` +
      'ist überfällig',
    body:
      `${greeting(d)}\n\nder Bericht „${d.reason ?? 'Zwischenbericht'}“ von ` +
      `${d.proposalAcronym ?? 'einem Projekt'} in der gemeinsamen Ausschreibung ${call(d)} war ` +
      `${d.deadline ? `am ${d.deadline} ` : ''}fällig und wurde nach der Nachfrist nicht eingereicht.`,
  }),
  PROJECT_REPORT_SUBMITTED: (d) => ({
    subject: `${d.reason ?? 'Ein Bericht'} von ${d.proposalAcronym ?? 'einem Projekt'} wartet auf Ihre Prüfung`,
    body:
      `${greeting(d)}\n\n${d.proposalAcronym ?? 'ein Projekt'} der gemeinsamen Ausschreibung ${call(d)} hat ` +
      `${d.reason ?? 'einen Bericht'} eingereicht. ` +
      'Nehmen Sie ihn an oder senden Sie ihn mit einem Kommentar zurück.',
  }),
  PROJECT_DECISION: (d) => ({
    subject: `${d.proposalAcronym ?? 'Ihr Projekt'}: ${d.outcome ?? ''}`,
    body:
      `${greeting(d)}\n\n${d.proposalAcronym ?? 'Ihr Projekt'} (gemeinsame Ausschreibung ` +
      `${call(d)}): ${d.outcome ?? ''}.${d.reason ? `\n\n${d.reason}` : ''}`,
  }),
  INSTALMENTS_RELEASED: (d) => ({
    subject: `${d.count ?? 'Einige'} Rate(n) von ${d.proposalAcronym ?? 'einem Projekt'} an Ihre Agentur freigegeben`,
    body:
      `${greeting(d)}\n\n${d.count ?? 'einige'} Rate(n) von ${d.proposalAcronym ?? 'einem Projekt'} in der ` +
      `gemeinsamen Ausschreibung ${call(d)} wurden an Ihre Agentur freigegeben (${d.reason ?? ''}). ` +
      'Zahlen Sie Ihre Partner aus und bestätigen Sie jede Zahlung auf der Plattform.',
  }),
  AMENDMENT_REQUESTED: (d) => ({
    subject: `${d.proposalAcronym ?? 'Ein Projekt'} bittet Ihre Agentur um Genehmigung einer Änderung`,
    body:
      `${greeting(d)}\n\n${d.proposalAcronym ?? 'ein Projekt'} der gemeinsamen Ausschreibung ${call(d)} ` +
      `beantragt eine Änderung: ${d.reason ?? ''}\n\nGenehmigen Sie sie oder lehnen Sie sie mit Begründung ab.`,
  }),
  FUNDING_DECISION_RESULT: (d) => ({
    subject: `Förderentscheidung zu ${d.proposalAcronym ?? 'Ihrem Antrag'} in ${call(d)}`,
    body:
      `${greeting(d)}\n\ndie Förderentscheidung der gemeinsamen Ausschreibung ${call(d)} ist gefallen. ` +
      `${d.proposalAcronym ?? 'Ihr Antrag'}: ${d.outcome ?? ''}.` +
      (d.report
        ? `\n\nZusammenfassung der Begutachtung (Konsens der unabhängigen Gutachterinnen und Gutachter):\n${d.report}`
        : ''),
  }),
  STAGE_ONE_RESULT: (d) => ({
    subject: `Ergebnis der ersten Stufe von ${d.proposalAcronym ?? 'Ihrer Projektskizze'} in ${call(d)}`,
    body:
      `${greeting(d)}\n\ndie Projektskizzen der gemeinsamen Ausschreibung ${call(d)} sind begutachtet. ` +
      `${d.proposalAcronym ?? 'Ihre Projektskizze'}: ${d.outcome ?? ''}.` +
      (d.deadline
        ? ' Beginnen Sie den Vollantrag auf der Plattform und nennen Sie dabei diese Projektskizze; ' +
          'die Koordination bleibt dieselbe, Partneränderungen werden den Gutachtenden angezeigt.'
        : ''),
  }),
  REVIEW_OFFER: (d) => ({
    subject:
      `${d.count && d.count > 1 ? `${d.count} Anträge` : (d.proposalAcronym ?? 'Ein Antrag')}` +
      ` zur Begutachtung in ${call(d)} angeboten`,
    body:
      `${greeting(d)}\n\n` +
      (d.count && d.count > 1
        ? `${d.count} Anträge der gemeinsamen Ausschreibung ${call(d)} werden`
        : `der Antrag ${d.proposalAcronym ?? ''} der gemeinsamen Ausschreibung ${call(d)} wird`) +
      ' Ihnen zur Begutachtung angeboten. Nehmen Sie in Ihrer Begutachtungsliste an oder lehnen Sie ab' +
      `${d.deadline ? `, bis ${d.deadline}` : ''}; ` +
      'ein unbeantwortetes Angebot geht an eine andere gutachtende Person.',
  }),
  REVIEW_OFFER_EXPIRED: (d) => ({
    subject: `Begutachtungsangebot für ${d.proposalAcronym ?? 'einen Antrag'} abgelaufen`,
    body:
      `${greeting(d)}\n\ndas Angebot, ${d.proposalAcronym ?? 'einen Antrag'} in der gemeinsamen Ausschreibung ` +
      `${call(d)} zu begutachten, ist ohne Antwort abgelaufen und ging an eine andere gutachtende Person.`,
  }),
  REVIEW_REMINDER: (d) => ({
    subject: `Ihr Gutachten zu ${d.proposalAcronym ?? 'einem Antrag'} ist in ${d.count ?? 'wenigen'} Tag(en) fällig`,
    body:
      `${greeting(d)}\n\nIhr Gutachten zu ${d.proposalAcronym ?? 'einem Antrag'} in der ` +
      `gemeinsamen Ausschreibung ${call(d)} ist ${d.deadline ? `am ${d.deadline}` : 'bald'}` +
      ' fällig. Reichen Sie es über Ihre Begutachtungsliste ein.',
  }),
  REVIEW_OVERDUE: (d) => ({
    subject: `Gutachten zu ${d.proposalAcronym ?? 'einem Antrag'} in ${call(d)} überfällig`,
    body:
      `${greeting(d)}\n\nein Gutachten zu ${d.proposalAcronym ?? 'einem Antrag'} in der gemeinsamen ` +
      `Ausschreibung ${call(d)} war ${d.deadline ? `am ${d.deadline} ` : ''}fällig und ist nicht ` +
      'eingereicht. Kontaktieren Sie die gutachtende Person oder ersetzen Sie die Zuweisung.',
  }),
  REVIEWERS_MISSING: (d) => ({
    subject: `${d.proposalAcronym ?? 'Einem Antrag'} fehlen ${d.count ?? 'einige'} Gutachtende in ${call(d)}`,
    body:
      `${greeting(d)}\n\n${d.proposalAcronym ?? 'Ein Antrag'} der gemeinsamen Ausschreibung ${call(d)} braucht ` +
      `noch ${d.count ?? 'einige'} Gutachtende, und es gibt keine Kandidaten mit freier Kapazität mehr. ` +
      'Nehmen Sie Gutachtende in den Pool der Ausschreibung auf oder weisen Sie jemanden manuell zu.',
  }),
  RAPPORTEUR_DESIGNATED: (d) => ({
    subject: `Sie sind Berichterstatter/in für ${d.proposalAcronym ?? 'einen Antrag'} in ${call(d)}`,
    body:
      `${greeting(d)}\n\n${d.inviterName ?? 'Das gemeinsame Sekretariat'} hat Sie zur Berichterstatterin bzw. ` +
      `zum Berichterstatter für ${d.proposalAcronym ?? 'einen Antrag'} in der gemeinsamen Ausschreibung ` +
      `${call(d)} bestimmt. Sobald seine Gutachten eingereicht sind, ` +
      'können Sie sie mit Bewertungen und Kommentaren lesen und auf der ' +
      'Plattform den Konsens je Kriterium entwerfen.',
  }),
  EVALUATOR_ADDED_TO_CALL: (d) => ({
    subject: `Sie begutachten die gemeinsame Ausschreibung ${call(d)}`,
    body:
      `${greeting(d)}\n\n${d.inviterName ?? 'Das gemeinsame Sekretariat'} hat Sie zu den Gutachtenden der ` +
      `gemeinsamen Ausschreibung ${call(d)} hinzugefügt. Bevor Sie einen Antrag sehen, ` +
      'lesen und unterzeichnen Sie auf der Plattform die Vertraulichkeits- und Interessenkonflikterklärung ' +
      'der Ausschreibung und erklären Sie Ihre Interessenkonflikte mit ihren Anträgen.',
  }),
  REDRESS_FILED: (d) => ({
    subject: `Überprüfungsantrag zu ${d.proposalAcronym ?? 'einem Antrag'} in ${call(d)}`,
    body:
      `${greeting(d)}\n\n${d.organisationName ?? 'Die Koordination'} hat aus Verfahrensgründen einen ` +
      `Überprüfungsantrag gegen das Ergebnis von ${d.proposalAcronym ?? 'einem Antrag'} in der gemeinsamen ` +
      `Ausschreibung ${call(d)} gestellt. Lesen Sie die Begründung und ` +
      'erfassen Sie das Ergebnis auf der Plattform.',
  }),
  REDRESS_OUTCOME: (d) => ({
    subject: `Ergebnis Ihres Überprüfungsantrags zu ${d.proposalAcronym ?? 'Ihrem Antrag'}`,
    body:
      `${greeting(d)}\n\ndas Programmmanagement hat über Ihren Überprüfungsantrag zu ` +
      `${d.proposalAcronym ?? 'Ihrem Antrag'} in der gemeinsamen Ausschreibung ${call(d)} ` +
      `entschieden: ${d.outcome ?? ''}.\n\nBegründung: ${d.reason ?? 'nicht angegeben'}.`,
  }),
  ELIGIBILITY_RECHECK_REQUESTED: (d) => ({
    subject:
      `Förderfähigkeit von ${d.proposalAcronym ?? 'einem Antrag'} bis ` +
      `${d.deadline ?? 'zur neuen Frist'} erneut prüfen`,
    body:
      `${greeting(d)}\n\neinem Überprüfungsantrag zu ${d.proposalAcronym ?? 'einem Antrag'} in der ` +
      `gemeinsamen Ausschreibung ${call(d)} wurde stattgegeben und seine Förderfähigkeitsprüfung wieder ` +
      `geöffnet. ${d.agencyName ?? 'Ihre Förderagentur'} wird gebeten, ` +
      `für jeden der ${d.count ?? ''} geförderten Partner ihrer Region darin bis ` +
      `${d.deadline ?? 'zur neuen Frist'} erneut förderfähig oder nicht ` +
      'förderfähig mit Begründung zu erfassen.',
  }),
  MEMBERSHIP_APPROVED: (d) => ({
    subject: `Sie sind jetzt Mitglied von ${d.organisationName ?? 'Ihrer Organisation'}`,
    body:
      `${greeting(d)}\n\nIhre Anfrage, ${d.organisationName ?? 'der Organisation'} beizutreten, ` +
      'wurde angenommen. Sie können jetzt ihre Anträge sehen und bearbeiten.',
  }),
};

const messages = (n: number): string => `${n} ${n === 1 ? 'Nachricht' : 'Nachrichten'}`;

export const german: NotificationCatalog = {
  templates,
  signature:
    '\n\n-- \nACIE Joint Call Engine\nSie erhalten diese Nachricht wegen Ihres ' +
    'Kontos auf der ACIE-Plattform für gemeinsame Ausschreibungen.',
  openOnPlatform: 'Auf der Plattform öffnen:',
  digest: {
    subject: (day, n) => `Ihre ACIE-Zusammenfassung vom ${day}: ${messages(n)}`,
    intro: (day, n) => `Ihre tägliche Zusammenfassung vom ${day} (${messages(n)}):`,
    footer:
      '\n\n-- \nACIE Joint Call Engine\nSie erhalten diese tägliche Zusammenfassung wegen Ihrer ' +
      'Benachrichtigungseinstellungen auf der ACIE-Plattform für gemeinsame Ausschreibungen.',
  },
};
