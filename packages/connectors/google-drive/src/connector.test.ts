import { generateTemplates, type TemplateProperty } from '@connectorkit/sdk';
import { describe, expect, it } from 'vitest';
import defaultExport, { googleDriveConnector } from './index.js';

const byId = (props: TemplateProperty[], id: string) => props.find((p) => p.id === id);

describe('Google Drive connector', () => {
  it('is the default and the named export, a polling connector of its own type', () => {
    expect(defaultExport).toBe(googleDriveConnector);
    expect(googleDriveConnector).toMatchObject({
      id: 'io.connectorkit.google-drive.polling',
      type: 'io.connectorkit:google-drive-polling:1',
      direction: 'inbound',
      kind: 'polling',
      interval: 'PT30S',
    });
  });

  it('has one template per inbound element, each with the polling interval and the credentials as secrets', () => {
    const templates = generateTemplates(googleDriveConnector);

    expect(templates.map((t) => t.id)).toEqual([
      'io.connectorkit.google-drive.polling.start',
      'io.connectorkit.google-drive.polling.message-start',
      'io.connectorkit.google-drive.polling.intermediate',
      'io.connectorkit.google-drive.polling.boundary',
      'io.connectorkit.google-drive.polling.receive',
    ]);
    for (const t of templates) {
      expect(byId(t.properties, 'inbound.type')).toMatchObject({ type: 'Hidden', value: 'io.connectorkit:google-drive-polling:1' });
      expect(byId(t.properties, 'pollingInterval')).toMatchObject({ value: 'PT30S', binding: { type: 'zeebe:property', name: 'pollingInterval' } });
      for (const id of ['serviceAccountKey', 'oauthClientId', 'oauthClientSecret', 'oauthRefreshToken']) {
        expect(byId(t.properties, `authentication.${id}`)).toMatchObject({ secret: true, condition: { property: 'authentication.authType' } });
      }
      expect(t.properties.filter((p) => p.id === 'activationCondition')).toHaveLength(1);
    }
  });
});
