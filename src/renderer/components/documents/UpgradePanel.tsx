// Upgrading an outdated document to its type's newest schema: what the move does (new fields
// given their defaults) or why it cannot (a new required field without a default, what Prefect's
// validation refuses), then the upgrade itself.
import { useState } from 'react';
import type { ApiError } from '../../../shared/contract';
import type { UpgradePreview } from '../../../shared/documents';
import { callDocuments } from '../../bridge/documents';
import { shortChecksum } from '../../model/format';
import { ErrorAlert } from '../ErrorAlert';

type Phase = { name: 'idle' } | { name: 'checking' } | { name: 'preview'; preview: UpgradePreview } | { name: 'upgrading' } | { name: 'error'; error: ApiError };

export function UpgradePanel({ connection, id, onUpgraded }: { connection: string; id: string; onUpgraded: () => void }) {
  const [phase, setPhase] = useState<Phase>({ name: 'idle' });
  async function check() {
    setPhase({ name: 'checking' });
    const response = await callDocuments('previewUpgrade', { connection_id: connection, id });
    setPhase(response.ok ? { name: 'preview', preview: response.value } : { name: 'error', error: response.error });
  }
  async function upgrade() {
    setPhase({ name: 'upgrading' });
    const response = await callDocuments('upgradeDocument', { connection_id: connection, id });
    if (!response.ok) {
      setPhase({ name: 'error', error: response.error });
      return;
    }
    setPhase({ name: 'idle' });
    onUpgraded();
  }
  return (
    <div className="document-upgrade" aria-label="Upgrade">
      {phase.name === 'idle' && (
        <button type="button" className="button" onClick={() => void check()}>
          Upgrade to the newest schema…
        </button>
      )}
      {(phase.name === 'checking' || phase.name === 'upgrading') && (
        <p className="muted" role="status">
          {phase.name === 'checking' ? 'Checking the move with the server…' : 'Upgrading…'}
        </p>
      )}
      {phase.name === 'error' && <ErrorAlert error={phase.error} title="Could not upgrade" onDismiss={() => setPhase({ name: 'idle' })} />}
      {phase.name === 'preview' && <UpgradePlan preview={phase.preview} onUpgrade={() => void upgrade()} onCancel={() => setPhase({ name: 'idle' })} />}
    </div>
  );
}

function UpgradePlan({ preview, onUpgrade, onCancel }: { preview: UpgradePreview; onUpgrade: () => void; onCancel: () => void }) {
  if (preview.to === null) return <p role="status">This document is on its type&apos;s newest schema already.</p>;
  return (
    <div role="status">
      <p>
        Moves from {preview.from.version} <code>{shortChecksum(preview.from.checksum)}</code> to {preview.to.version} <code>{shortChecksum(preview.to.checksum)}</code>.
      </p>
      {preview.filled.length > 0 && (
        <ul aria-label="Defaults written">
          {preview.filled.map((filled) => (
            <li key={filled.field}>
              <code>{filled.field}</code> gets its default <code>{filled.value}</code>
            </li>
          ))}
        </ul>
      )}
      {preview.blockers.length > 0 ? (
        <div className="alert" role="alert">
          <p className="alert-title">
            <strong>Cannot upgrade</strong>
          </p>
          <ul>
            {preview.blockers.map((blocker) => (
              <li key={blocker}>{blocker}</li>
            ))}
          </ul>
        </div>
      ) : (
        <p className="muted">Its values stay as they are; Prefect loads it with the newest class afterwards.</p>
      )}
      <div className="servers-actions">
        <button type="button" className="button button-primary" disabled={preview.blockers.length > 0} onClick={onUpgrade}>
          Upgrade now
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
