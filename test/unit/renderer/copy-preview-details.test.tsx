// @vitest-environment happy-dom
// The copy preview's restored read-backs say what was put back in words, each with its repair's
// name as a title: the names alone ("reference-order") meant nothing to a person.
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, expect, it } from 'vitest';
import { CopyPreviewDetails } from '../../../src/renderer/components/servers/CopyPreviewDetails';
import { REPAIR_DESCRIPTIONS } from '../../../src/shared/read-back-repairs';
import type { ServerCopyPreview } from '../../../src/shared/servers';

afterEach(cleanup);

const CHECKSUM = `sha256:${'ab'.repeat(32)}`;

const preview: ServerCopyPreview = {
  direction: 'copy',
  from_url: 'http://127.0.0.1:4200/api',
  api_url: 'http://127.0.0.1:4300/api',
  types: [{ slug: 'dbt-cli-profile', change: 'new', fields: [], new_schemas: 1 }],
  counts: { new: 1, update: 0, unchanged: 0, protected: 0, new_schemas: 1 },
  warnings: [],
  errors: [],
  notes: [],
  schemas: [{ block_type_slug: 'dbt-cli-profile', version: '0.4.1', checksum: CHECKSUM, outcome: 'created', read_back_sent: false }],
  restored: [{ block_type_slug: 'dbt-cli-profile', version: '0.4.1', checksum: CHECKSUM, repairs: ['child-checksums', 'reference-order'] }],
};

it('says each restored read-back in words, the repair named in its title', () => {
  render(<CopyPreviewDetails preview={preview} />);
  const restored = screen.getByRole('region', { name: 'Restored read-backs' });
  const item = within(restored).getByRole('listitem');
  expect(item.textContent).toBe(`dbt-cli-profile 0.4.1 sha256:abababababab…: put back ${REPAIR_DESCRIPTIONS['child-checksums']}; ${REPAIR_DESCRIPTIONS['reference-order']}`);
  expect(within(item).getByTitle('reference-order').textContent).toBe(`; ${REPAIR_DESCRIPTIONS['reference-order']}`);
  expect(item.textContent).not.toMatch(/child-checksums|reference-order/);
});
