import type { NotificationCatalog } from './catalog';
import type { NotificationData } from '../notification-data';

function greeting(data: NotificationData): string {
  const name = data.recipientName?.trim();
  return name ? `Bonjour ${name},` : 'Bonjour,';
}

function expiry(data: NotificationData): string {
  return data.expiresAt ? `\n\nLe lien ne fonctionne qu'une fois et expire le ${data.expiresAt} (UTC).` : '';
}

const call = (d: NotificationData): string => `« ${d.callTitle ?? ''} »`;

const templates: NotificationCatalog['templates'] = {
  EMAIL_VERIFICATION: (d) => ({
    subject: 'Confirmez votre adresse e-mail',
    body:
      `${greeting(d)}\n\nVeuillez confirmer votre adresse e-mail pour activer votre compte :\n\n` +
      `${d.link}${expiry(d)}\n\nSi vous ne vous êtes pas inscrit, ignorez ce message.`,
  }),
  PASSWORD_RESET: (d) => ({
    subject: 'Réinitialisez votre mot de passe',
    body:
      `${greeting(d)}\n\nQuelqu'un (vous, espérons-le) a demandé la réinitialisation du mot de passe ` +
      `de votre compte. Choisissez-en un nouveau ici :\n\n${d.link}${expiry(d)}\n\nSi vous ne l'avez ` +
      'pas demandé, ignorez ce message : votre mot de passe reste inchangé.',
  }),
  ORGANISATION_INVITATION: (d) => ({
    subject: `Invitation à rejoindre ${d.organisationName ?? 'une organisation'} sur la plateforme ACIE`,
    body:
      `${greeting(d)}\n\n${d.inviterName ?? 'Un collègue'} vous invite à rejoindre ` +
      `${d.organisationName ?? 'son organisation'} en tant que demandeur :\n\n${d.link}${expiry(d)}`,
  }),
  EVALUATOR_INVITATION: (d) => ({
    subject: "Invitation au vivier d'évaluateurs ACIE",
    body:
      `${greeting(d)}\n\n${d.inviterName ?? 'Le secrétariat conjoint'} vous invite à ` +
      `rejoindre le vivier d'experts indépendants qui évaluent les appels conjoints ACIE` +
      `${d.callTitle ? ` (${d.callTitle})` : ''} :\n\n${d.link}${expiry(d)}`,
  }),
  STAFF_INVITATION: (d) => ({
    subject: 'Votre compte de personnel ACIE',
    body:
      `${greeting(d)}\n\nUn administrateur a créé pour vous un compte de personnel` +
      `${d.organisationName ? ` (${d.organisationName})` : ''}. ` +
      `Définissez votre mot de passe ici :\n\n${d.link}${expiry(d)}`,
  }),
  MEMBERSHIP_REQUESTED: (d) => ({
    subject: `${d.applicantName ?? "Quelqu'un"} demande à rejoindre ${d.organisationName ?? 'votre organisation'}`,
    body:
      `${greeting(d)}\n\n${d.applicantName ?? 'Un nouvel utilisateur'} s'est inscrit et demande à rejoindre ` +
      `${d.organisationName ?? 'votre organisation'}. Approuvez ou refusez la demande sur la plateforme.`,
  }),
  ALIGNMENT_INVITATION: (d) => ({
    subject: `Engagez des fonds pour l'appel conjoint ${call(d)} avant le ${d.deadline ?? "délai d'alignement"}`,
    body:
      `${greeting(d)}\n\n${d.agencyName ?? 'Votre agence'} est invitée à aligner ses fonds ` +
      `régionaux sur l'appel conjoint ${call(d)}. Proposez votre montant et vos règles ` +
      `régionales, puis confirmez ou déclinez, avant le ${d.deadline ?? "délai d'alignement"}. ` +
      `Une agence qui n'a pas confirmé à cette date se retire de l'appel.`,
  }),
  ALIGNMENT_DROPPED_OUT: (d) => ({
    subject: `${d.agencyName ?? 'Votre agence'} s'est retirée de ${call(d)}`,
    body:
      `${greeting(d)}\n\nL'alignement des fonds de l'appel conjoint ${call(d)} s'est terminé sans ` +
      `confirmation de ${d.agencyName ?? 'votre agence'}, qui ne participe donc pas à cet appel.`,
  }),
  CALL_CANCELLED: (d) => ({
    subject: `L'appel conjoint ${call(d)} a été annulé`,
    body: `${greeting(d)}\n\nL'appel conjoint ${call(d)} a été annulé. Motif : ${d.reason ?? 'non indiqué'}.`,
  }),
  CALL_OPENED: (d) => ({
    subject: `L'appel conjoint ${call(d)} est ouvert`,
    body:
      `${greeting(d)}\n\nL'appel conjoint ${call(d)} est ouvert aux ` +
      `propositions jusqu'au ${d.deadline ?? 'délai de dépôt'}.`,
  }),
  PROPOSAL_PARTNER_INVITATION: (d) => ({
    subject: `${d.organisationName ?? 'Votre organisation'} est invitée à la proposition ${d.proposalAcronym ?? ''}`,
    body:
      `${greeting(d)}\n\n${d.inviterName ?? 'Un coordinateur'} invite ` +
      `${d.organisationName ?? 'votre organisation'} à rejoindre la proposition ${d.proposalAcronym ?? ''} pour ` +
      `l'appel conjoint ${call(d)}. Acceptez l'invitation sur la plateforme et saisissez les données de ` +
      'partenaire de votre organisation (financement, coûts éligibles, subvention demandée).',
  }),
  PROPOSAL_SUBMITTED: (d) => ({
    subject: `Accusé de réception : ${d.proposalAcronym ?? 'votre proposition'} déposée à ${call(d)}`,
    body:
      `${greeting(d)}\n\nLa proposition ${d.proposalAcronym ?? ''} a été déposée.\n\n${d.receipt ?? ''}` +
      `\n\nVous pouvez la déposer à nouveau jusqu'au délai ; la dernière version avant le délai fait foi.`,
  }),
  ELIGIBILITY_CHECK_REQUESTED: (d) => ({
    subject:
      `Vérifiez l'éligibilité de ${d.count ?? 'vos'} partenaire(s) ` +
      `dans ${call(d)} avant le ${d.deadline ?? 'délai de vérification'}`,
    body:
      `${greeting(d)}\n\nLe dépôt de l'appel conjoint ${call(d)} est clos. ` +
      `${d.agencyName ?? 'Votre agence'} est priée d'enregistrer, pour chacun des ${d.count ?? ''} ` +
      'partenaire(s) financé(s) de sa région, éligible ou non éligible avec un motif, ' +
      `avant le ${d.deadline ?? 'délai de vérification'}. ` +
      'Les décisions manquantes sont signalées au gestionnaire du programme.',
  }),
  ELIGIBILITY_ESCALATION: (d) => ({
    subject: `${d.count ?? 'Des'} décision(s) régionale(s) d'éligibilité manquent dans ${call(d)}`,
    body:
      `${greeting(d)}\n\n${d.count ?? 'Des'} décision(s) régionale(s) ` +
      `d'éligibilité de l'appel conjoint ${call(d)} manquent après leur délai. ` +
      `Les propositions concernées attendent dans la vérification d'éligibilité : ` +
      `enregistrez les décisions au nom des agences (avec un motif) ou prolongez le délai d'une agence.`,
  }),
  PROPOSAL_ELIGIBILITY_RESULT: (d) => ({
    subject: `Éligibilité de ${d.proposalAcronym ?? 'votre proposition'} : ${d.outcome?.split(':')[0] ?? ''}`,
    body:
      `${greeting(d)}\n\nLa vérification d'éligibilité de ` +
      `${d.proposalAcronym ?? 'votre proposition'} dans l'appel conjoint ` +
      `${call(d)} est terminée : ${d.outcome ?? ''}.`,
  }),
  FUNDING_DECISION_PROPOSED: (d) => ({
    subject: `Décision de financement à approuver pour ${call(d)}`,
    body:
      `${greeting(d)}\n\nLe secrétariat conjoint propose la décision de financement de l'appel conjoint ` +
      `${call(d)} (${d.count ?? 0} proposition(s) retenue(s)). Approuvez-la pour votre région — ` +
      'avec des conditions si nécessaire — ou formulez une objection ' +
      `motivée${d.deadline ? ` avant le ${d.deadline}` : ''}.`,
  }),
  FUNDING_DECISION_OBJECTED: (d) => ({
    subject: `Objection à la décision de financement de ${call(d)}`,
    body:
      `${greeting(d)}\n\nL'agence de ${d.agencyName ?? 'une région'} a formulé une objection à la ` +
      `décision de financement proposée pour l'appel conjoint ${call(d)} : ` +
      `${d.reason ?? ''}\n\nRévisez la décision ; les agences l'approuvent ensuite à nouveau.`,
  }),
  FUNDING_DECISION_REMINDER: (d) => ({
    subject: `La décision de financement de ${call(d)} attend toujours ${d.agencyName ?? 'votre agence'}`,
    body:
      `${greeting(d)}\n\nLa décision de financement de l'appel conjoint ${call(d)} attendait votre ` +
      `approbation${d.deadline ? ` avant le ${d.deadline}` : ''}. ` +
      'La décision attend votre réponse : approuvez-la pour votre région ou formulez une objection motivée.',
  }),
  FUNDING_DECISION_ESCALATION: (d) => ({
    subject: `${d.count ?? 'Des'} réponse(s) d'agences manquent sur la décision de financement de ${call(d)}`,
    body:
      `${greeting(d)}\n\n${d.count ?? 'Des'} agence(s) n'ont pas répondu à la décision de ` +
      `financement de l'appel conjoint ${call(d)}${d.deadline ? ` avant le ${d.deadline}` : ''}. ` +
      'La décision attend : relancez-les ou prolongez le délai de décision.',
  }),
  GRANT_WITHDRAWN: (d) => ({
    subject: `Une subvention de ${d.proposalAcronym ?? 'une proposition'} a été retirée dans ${call(d)}`,
    body:
      `${greeting(d)}\n\nLa subvention d'un partenaire de ` +
      `${d.proposalAcronym ?? 'une proposition financée'} de l'appel conjoint ${call(d)} a été retirée : ` +
      `${d.reason ?? ''}\n\nSon budget est de nouveau libre : proposez la promotion de la prochaine ` +
      'proposition de réserve qui tient désormais, ou clôturez la liste de réserve.',
  }),
  MILESTONE_REMINDER: (d) => ({
    subject:
      `Le jalon « ${d.reason ?? ''} » de ${d.proposalAcronym ?? 'votre projet'} ` +
      `arrive à échéance dans ${d.count ?? 'quelques'} jour(s)`,
    body:
      `${greeting(d)}\n\nLe jalon « ${d.reason ?? ''} » de ${d.proposalAcronym ?? 'votre projet'} ` +
      `(appel conjoint ${call(d)}) arrive à échéance ` +
      `${d.deadline ? `le ${d.deadline}` : 'bientôt'}. ` +
      'Le coordinateur dépose le rapport conjoint sur la plateforme.',
  }),
  MILESTONE_OVERDUE: (d) => ({
    subject: `Le jalon « ${d.reason ?? ''} » de ${d.proposalAcronym ?? 'un projet'} est en retard`,
    body:
      `${greeting(d)}\n\nLe jalon « ${d.reason ?? ''} » de ${d.proposalAcronym ?? 'un projet'} ` +
      `dans l'appel conjoint ${call(d)} était dû ${d.deadline ? `le ${d.deadline} ` : ''}` +
      `et n'a pas fait l'objet d'un rapport après le délai de grâce.`,
  }),
  REPORT_REMINDER: (d) => ({
    subject:
      `Le rapport « ${d.reason ?? 'périodique'} » de ` +
      `${d.proposalAcronym ?? 'votre projet'} est dû dans ${d.count ?? 'quelques'} jour(s)`,
    body:
      `${greeting(d)}\n\nLe rapport « ${d.reason ?? 'périodique'} » de ${d.proposalAcronym ?? 'votre projet'} ` +
      `(appel conjoint ${call(d)}) est dû ${d.deadline ? `le ${d.deadline}` : 'bientôt'}. ` +
      'Le coordinateur dépose le rapport conjoint sur la plateforme, ' +
      'avec la partie de chaque partenaire financé.',
  }),
  REPORT_OVERDUE: (d) => ({
    subject: `Le rapport « ${d.reason ?? 'périodique'} » de ${d.proposalAcronym ?? 'un projet'} est en retard`,
    body:
      `${greeting(d)}\n\nLe rapport « ${d.reason ?? 'périodique'} » de ` +
      `${d.proposalAcronym ?? 'un projet'} dans l'appel conjoint ${call(d)} était dû ` +
      `${d.deadline ? `le ${d.deadline} ` : ''}et n'a pas été déposé après le délai de grâce.`,
  }),
  PROJECT_REPORT_SUBMITTED: (d) => ({
    subject: `${d.reason ?? 'Un rapport'} de ${d.proposalAcronym ?? 'un projet'} attend votre examen`,
    body:
      `${greeting(d)}\n\n${d.proposalAcronym ?? 'Un projet'} de l'appel conjoint ${call(d)} a déposé ` +
      `${d.reason ?? 'un rapport'}. Acceptez-le ou renvoyez-le avec un commentaire.`,
  }),
  PROJECT_DECISION: (d) => ({
    subject: `${d.proposalAcronym ?? 'Votre projet'} : ${d.outcome ?? ''}`,
    body:
      `${greeting(d)}\n\n${d.proposalAcronym ?? 'Votre projet'} (appel conjoint ${call(d)}` +
      `) : ${d.outcome ?? ''}.${d.reason ? `\n\n${d.reason}` : ''}`,
  }),
  INSTALMENTS_RELEASED: (d) => ({
    subject: `${d.count ?? 'Des'} tranche(s) de ${d.proposalAcronym ?? 'un projet'} débloquée(s) pour votre agence`,
    body:
      `${greeting(d)}\n\n${d.count ?? 'Des'} tranche(s) de ${d.proposalAcronym ?? 'un projet'} dans ` +
      `l'appel conjoint ${call(d)} ont été débloquées pour votre agence (${d.reason ?? ''}). ` +
      'Payez vos partenaires et confirmez chaque paiement sur la plateforme.',
  }),
  AMENDMENT_REQUESTED: (d) => ({
    subject: `${d.proposalAcronym ?? 'Un projet'} demande à votre agence d'approuver un avenant`,
    body:
      `${greeting(d)}\n\n${d.proposalAcronym ?? 'Un projet'} de l'appel conjoint ${call(d)} demande un ` +
      `avenant : ${d.reason ?? ''}\n\nApprouvez-le ou rejetez-le avec un motif.`,
  }),
  FUNDING_DECISION_RESULT: (d) => ({
    subject: `Décision de financement sur ${d.proposalAcronym ?? 'votre proposition'} dans ${call(d)}`,
    body:
      `${greeting(d)}\n\nLa décision de financement de l'appel conjoint ${call(d)} est prise. ` +
      `${d.proposalAcronym ?? 'Votre proposition'} : ${d.outcome ?? ''}.` +
      `${d.report ? `\n\nSynthèse de l'évaluation (consensus des experts indépendants) :\n${d.report}` : ''}`,
  }),
  STAGE_ONE_RESULT: (d) => ({
    subject: `Résultat de la première étape de ${d.proposalAcronym ?? 'votre pré-proposition'} dans ${call(d)}`,
    body:
      `${greeting(d)}\n\nLes pré-propositions de l'appel conjoint ${call(d)} ont été évaluées. ` +
      `${d.proposalAcronym ?? 'Votre pré-proposition'} : ${d.outcome ?? ''}.` +
      (d.deadline
        ? ' Commencez la proposition complète sur la plateforme en citant cette pré-proposition ; ' +
          'le coordinateur reste le même, les changements de partenaires sont montrés aux évaluateurs.'
        : ''),
  }),
  REVIEW_OFFER: (d) => ({
    subject:
      (d.count && d.count > 1
        ? `${d.count} propositions vous sont proposées`
        : `${d.proposalAcronym ?? 'Une proposition'} vous est proposée`) + ` pour évaluation dans ${call(d)}`,
    body:
      `${greeting(d)}\n\n` +
      (d.count && d.count > 1
        ? `${d.count} propositions de l'appel conjoint ${call(d)} vous sont proposées`
        : `La proposition ${d.proposalAcronym ?? ''} de l'appel conjoint ${call(d)} vous est proposée`) +
      ` pour évaluation. Acceptez ou déclinez dans votre file d'évaluation` +
      `${d.deadline ? ` avant le ${d.deadline}` : ''} ; ` +
      'une offre laissée sans réponse passe à un autre évaluateur.',
  }),
  REVIEW_OFFER_EXPIRED: (d) => ({
    subject: `L'offre d'évaluation de ${d.proposalAcronym ?? 'une proposition'} a expiré`,
    body:
      `${greeting(d)}\n\nL'offre d'évaluer ${d.proposalAcronym ?? 'une proposition'} dans l'appel ` +
      `conjoint ${call(d)} a expiré sans réponse et est passée à un autre évaluateur.`,
  }),
  REVIEW_REMINDER: (d) => ({
    subject:
      `Votre évaluation de ${d.proposalAcronym ?? 'une proposition'} ` +
      `est due dans ${d.count ?? 'quelques'} jour(s)`,
    body:
      `${greeting(d)}\n\nVotre évaluation de ${d.proposalAcronym ?? 'une proposition'} ` +
      `dans l'appel conjoint ${call(d)} est due ` +
      `${d.deadline ? `le ${d.deadline}` : 'bientôt'}. Déposez-la depuis votre file d'évaluation.`,
  }),
  REVIEW_OVERDUE: (d) => ({
    subject: `Évaluation de ${d.proposalAcronym ?? 'une proposition'} en retard dans ${call(d)}`,
    body:
      `${greeting(d)}\n\nUne évaluation de ${d.proposalAcronym ?? 'une proposition'} dans l'appel ` +
      `conjoint ${call(d)} était due ${d.deadline ? `le ${d.deadline} ` : ''}et n'a pas ` +
      `été déposée. Contactez l'évaluateur ou remplacez l'affectation.`,
  }),
  REVIEWERS_MISSING: (d) => ({
    subject:
      `Il manque ${d.count ?? 'des'} évaluateur(s) ` + `à ${d.proposalAcronym ?? 'une proposition'} dans ${call(d)}`,
    body:
      `${greeting(d)}\n\n${d.proposalAcronym ?? 'Une proposition'} de l'appel conjoint ${call(d)} a encore ` +
      `besoin de ${d.count ?? 'quelques'} évaluateur(s) et il ne reste aucun candidat disponible. ` +
      `Ajoutez des évaluateurs au vivier de l'appel ou affectez-en un manuellement.`,
  }),
  RAPPORTEUR_DESIGNATED: (d) => ({
    subject: `Vous êtes le rapporteur de ${d.proposalAcronym ?? 'une proposition'} dans ${call(d)}`,
    body:
      `${greeting(d)}\n\n${d.inviterName ?? 'Le secrétariat conjoint'} vous a désigné rapporteur ` +
      `de ${d.proposalAcronym ?? 'une proposition'} dans l'appel conjoint ${call(d)}. ` +
      'Une fois ses évaluations déposées, vous pourrez les lire, ' +
      'avec leurs notes et commentaires, et rédiger le consensus par critère sur la plateforme.',
  }),
  EVALUATOR_ADDED_TO_CALL: (d) => ({
    subject: `Vous êtes évaluateur de l'appel conjoint ${call(d)}`,
    body:
      `${greeting(d)}\n\n${d.inviterName ?? 'Le secrétariat conjoint'} vous a ajouté aux ` +
      `évaluateurs de l'appel conjoint ${call(d)}. Avant de voir une proposition, ` +
      `lisez et signez sur la plateforme la déclaration de confidentialité et d'absence de conflit de ` +
      `l'appel, puis déclarez vos conflits d'intérêts avec ses propositions.`,
  }),
  REDRESS_FILED: (d) => ({
    subject: `Demande de recours sur ${d.proposalAcronym ?? 'une proposition'} dans ${call(d)}`,
    body:
      `${greeting(d)}\n\n${d.organisationName ?? 'Le coordinateur'} a déposé une demande de recours pour ` +
      `motifs de procédure contre le résultat de ${d.proposalAcronym ?? 'une proposition'} dans l'appel ` +
      `conjoint ${call(d)}. Lisez les motifs et enregistrez la décision sur la plateforme.`,
  }),
  REDRESS_OUTCOME: (d) => ({
    subject: `Résultat de votre demande de recours sur ${d.proposalAcronym ?? 'votre proposition'}`,
    body:
      `${greeting(d)}\n\nLe gestionnaire du programme a statué sur votre demande de recours ` +
      `concernant ${d.proposalAcronym ?? 'votre proposition'} dans l'appel conjoint ${call(d)} ` +
      `: ${d.outcome ?? ''}.\n\nMotif : ${d.reason ?? 'non indiqué'}.`,
  }),
  ELIGIBILITY_RECHECK_REQUESTED: (d) => ({
    subject:
      `Vérifiez à nouveau l'éligibilité de ` +
      `${d.proposalAcronym ?? 'une proposition'} avant le ${d.deadline ?? 'nouveau délai'}`,
    body:
      `${greeting(d)}\n\nUne demande de recours sur ${d.proposalAcronym ?? 'une proposition'} dans ` +
      `l'appel conjoint ${call(d)} a été acceptée et sa vérification d'éligibilité rouverte. ` +
      `${d.agencyName ?? 'Votre agence'} est priée d'enregistrer à nouveau, ` +
      `pour chacun des ${d.count ?? ''} partenaire(s) financé(s) de sa région qui y figurent, ` +
      `éligible ou non éligible avec un motif, avant le ${d.deadline ?? 'nouveau délai'}.`,
  }),
  MEMBERSHIP_APPROVED: (d) => ({
    subject: `Vous êtes désormais membre de ${d.organisationName ?? 'votre organisation'}`,
    body:
      `${greeting(d)}\n\nVotre demande pour rejoindre ${d.organisationName ?? "l'organisation"} a ` +
      'été approuvée. Vous pouvez désormais voir et modifier ses propositions.',
  }),
};

const messages = (n: number): string => `${n} ${n === 1 ? 'message' : 'messages'}`;

export const french: NotificationCatalog = {
  templates,
  signature:
    '\n\n-- \nACIE Joint Call Engine\nVous recevez ce message en raison de votre ' +
    'compte sur la plateforme ACIE des appels conjoints.',
  openOnPlatform: 'Ouvrir sur la plateforme :',
  digest: {
    subject: (day, n) => `Votre récapitulatif ACIE du ${day} : ${messages(n)}`,
    intro: (day, n) => `Votre récapitulatif quotidien du ${day} (${messages(n)}) :`,
    footer:
      '\n\n-- \nACIE Joint Call Engine\nVous recevez ce récapitulatif quotidien en raison de vos ' +
      'préférences de notification sur la plateforme ACIE des appels conjoints.',
  },
};
