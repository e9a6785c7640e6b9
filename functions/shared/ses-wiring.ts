import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SesMailer } from '../adapters/ses-mailer';
import { SesRawMailer } from '../adapters/ses-raw-mailer';
import type { Config } from './config';
import { perContainer } from './per-container';
import { suppressionList } from './suppression-wiring';

export const sesClientFrom = (cfg: Pick<Config, 'AWS_REGION' | 'SES_ENDPOINT'>): SESv2Client =>
  new SESv2Client({
    region: cfg.AWS_REGION,
    ...(cfg.SES_ENDPOINT ? { endpoint: cfg.SES_ENDPOINT } : {}),
  });

/** The container's SES client, shared by both mailers. */
export const sesClient = /* @__PURE__ */ perContainer(({ cfg }) => sesClientFrom(cfg));

/** Plain mail (text and HTML), skipping suppressed recipients. */
export const sesMailer = /* @__PURE__ */ perContainer(
  ({ cfg }) => new SesMailer(sesClient(), cfg.MAIL_FROM, cfg.SES_CONFIGURATION_SET, suppressionList()),
);

/** Mail with attachments (calendar invitations, invoices) as raw MIME, skipping suppressed recipients. */
export const sesRawMailer = /* @__PURE__ */ perContainer(
  ({ cfg }) => new SesRawMailer(sesClient(), cfg.MAIL_FROM, cfg.SES_CONFIGURATION_SET, suppressionList()),
);

/** `Name <address>` or a bare address → the organizer of calendar invitations. */
export const organizerFrom = (mailFrom: string): { name: string; email: string } => {
  const match = /^\s*(.*?)\s*<([^<>\s]+@[^<>\s]+)>\s*$/.exec(mailFrom);
  if (match) return { name: match[1]?.replace(/^"|"$/g, '') || 'Kommunnätverket', email: match[2] as string };
  return { name: 'Kommunnätverket för hållbar utveckling', email: mailFrom.trim() };
};
