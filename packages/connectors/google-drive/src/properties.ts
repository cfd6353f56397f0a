/**
 * The properties of the Google Drive polling connector, as an element stores them (`zeebe:property`
 * names). Authentication is a discriminated choice: `authentication.authType` selects which
 * credential fields apply (the others are hidden in Modeler and absent from the input).
 */
import { p, type InputOf, type PropertyGroup } from '@connectorkit/sdk';

export const AUTH_TYPE = { serviceAccount: 'serviceAccount', refresh: 'refresh' } as const;
export const EVENTS = { newFiles: 'new', newOrChanged: 'newOrChanged' } as const;
export const PATTERN_TYPE = { glob: 'glob', regex: 'regex' } as const;

/** Read-only access to file metadata: all the connector needs (it never reads file content). */
export const DEFAULT_SCOPE = 'https://www.googleapis.com/auth/drive.metadata.readonly';
export const DEFAULT_INTERVAL = 'PT30S';

/** ISO-8601 durations (weeks, days, hours, minutes, seconds), or a FEEL expression. */
const DURATION_PATTERN = {
  value: '^(=.*|P(?!$)(\\d+W)?(\\d+D)?(T(?=\\d)(\\d+H)?(\\d+M)?(\\d+(\\.\\d+)?S)?)?)$',
  message: 'must be an ISO-8601 duration such as PT30S or PT5M',
};

export const groups: readonly PropertyGroup[] = [
  { id: 'authentication', label: 'Authentication', openByDefault: true },
  { id: 'folder', label: 'Folder', openByDefault: true },
  { id: 'filter', label: 'Filter' },
  { id: 'polling', label: 'Polling' },
];

const onServiceAccount = { property: 'authentication.authType', equals: AUTH_TYPE.serviceAccount } as const;
const onRefresh = { property: 'authentication.authType', equals: AUTH_TYPE.refresh } as const;

export const properties = {
  'authentication.authType': p.dropdown({
    label: 'Type',
    group: 'authentication',
    default: AUTH_TYPE.serviceAccount,
    choices: [
      { name: 'Service account (JSON key)', value: AUTH_TYPE.serviceAccount },
      { name: 'OAuth client (refresh token)', value: AUTH_TYPE.refresh },
    ],
  }),
  'authentication.serviceAccountKey': p.textarea({
    label: 'Service account key',
    description: 'The JSON key file of the service account; reference a secret such as {{secrets.GOOGLE_DRIVE_SA_KEY}}',
    group: 'authentication',
    required: true,
    secret: true,
    condition: onServiceAccount,
  }),
  'authentication.subject': p.text({
    label: 'Impersonated user',
    description: 'E-mail of the user to act as (domain-wide delegation); leave empty to act as the service account itself',
    group: 'authentication',
    condition: onServiceAccount,
  }),
  'authentication.scope': p.text({
    label: 'OAuth scope',
    description: 'Scope requested for the service account; with domain-wide delegation it must be one the administrator granted',
    group: 'authentication',
    default: DEFAULT_SCOPE,
    condition: onServiceAccount,
  }),
  'authentication.oauthClientId': p.text({
    label: 'Client ID',
    description: 'OAuth client ID; reference a secret such as {{secrets.GOOGLE_CLIENT_ID}}',
    group: 'authentication',
    required: true,
    secret: true,
    condition: onRefresh,
  }),
  'authentication.oauthClientSecret': p.text({
    label: 'Client secret',
    description: 'OAuth client secret; reference a secret such as {{secrets.GOOGLE_CLIENT_SECRET}}',
    group: 'authentication',
    required: true,
    secret: true,
    condition: onRefresh,
  }),
  'authentication.oauthRefreshToken': p.text({
    label: 'Refresh token',
    description: 'Refresh token granted to the client for a Drive scope; reference a secret such as {{secrets.GOOGLE_REFRESH_TOKEN}}',
    group: 'authentication',
    required: true,
    secret: true,
    condition: onRefresh,
  }),
  'folder.id': p.text({
    label: 'Folder ID',
    description: 'ID of the folder to watch: the last part of its address (…/folders/<ID>)',
    group: 'folder',
    required: true,
    constraints: { pattern: { value: '^(=.*|[A-Za-z0-9_-]+)$', message: 'must be a Drive folder ID (letters, digits, - and _)' } },
  }),
  'folder.includeSubfolders': p.boolean({
    label: 'Include subfolders',
    description: 'Also watch every folder below it, at any depth',
    group: 'folder',
    default: false,
  }),
  'folder.driveId': p.text({
    label: 'Shared drive ID',
    description: 'ID of the shared drive that holds the folder; leave empty for a folder in My Drive or shared with you',
    group: 'folder',
    constraints: { pattern: { value: '^(=.*|[A-Za-z0-9_-]+)$', message: 'must be a shared drive ID (letters, digits, - and _)' } },
  }),
  'filter.events': p.dropdown({
    label: 'Start for',
    group: 'filter',
    default: EVENTS.newFiles,
    choices: [
      { name: 'New files (created in or moved into the folder)', value: EVENTS.newFiles },
      { name: 'New and changed files', value: EVENTS.newOrChanged },
    ],
  }),
  'filter.namePattern': p.text({
    label: 'Name pattern',
    description: 'Only files whose name matches; empty: every name',
    placeholder: '*.pdf',
    group: 'filter',
  }),
  'filter.namePatternType': p.dropdown({
    label: 'Pattern syntax',
    tooltip:
      'Glob: * any characters, ? one character, [abc] one of, {a,b} either; matches the whole name, ignoring case. ' +
      'Regular expression: JavaScript syntax, found anywhere in the name (anchor it with ^ and $); write /…/i to ignore case.',
    group: 'filter',
    default: PATTERN_TYPE.glob,
    choices: [
      { name: 'Glob', value: PATTERN_TYPE.glob },
      { name: 'Regular expression', value: PATTERN_TYPE.regex },
    ],
  }),
  'filter.mimeTypes': p.text({
    label: 'MIME types',
    description: 'Comma-separated; image/* matches a whole family; empty: every type (folders never start a process)',
    placeholder: 'application/pdf, image/*',
    group: 'filter',
  }),
  pollingInterval: p.text({
    label: 'Polling interval',
    description: 'How often the folder is checked (ISO-8601 duration)',
    group: 'polling',
    default: DEFAULT_INTERVAL,
    constraints: { pattern: DURATION_PATTERN },
  }),
};

export type GoogleDriveInput = InputOf<typeof properties>;
