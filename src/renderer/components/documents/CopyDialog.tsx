// Copy block documents to another server: choose the target, see what the copy would do (each
// document created, updated or unchanged, nested ones first; each schema already there, pushed
// from this registry, or pulled from the source first), consent to the secret values being read
// and sent when there are any (named, never shown), then copy and see what was done.
import { useEffect, useId, useState } from 'react';
import type { ApiError } from '../../../shared/contract';
import type { CopyReport, CopiedSchema } from '../../../shared/documents';
import type { ServerConnectionInfo } from '../../../shared/servers';
import { callDocuments } from '../../bridge/documents';
import { shortChecksum } from '../../model/format';
import { ErrorAlert } from '../ErrorAlert';
import { Modal } from '../Modal';

interface Props {
  from: ServerConnectionInfo;
  /** The documents chosen on `from`. */
  ids: readonly string[];
  connections: readonly ServerConnectionInfo[];
  onClose: () => void;
  /** After a copy (the pages read again what changed). */
  onCopied: (report: CopyReport) => void;
}

type Phase = { name: 'choosing' } | { name: 'previewing' } | { name: 'preview'; report: CopyReport } | { name: 'copying' } | { name: 'done'; report: CopyReport } | { name: 'error'; error: ApiError };

const SUPPLY: Record<CopiedSchema['action'], { planned: string; done: string }> = {
  present: { planned: 'Already on the target', done: 'Already on the target' },
  push: { planned: 'Pushed from this registry first', done: 'Pushed from this registry' },
  'pull-then-push': { planned: 'Pulled from the source into this registry, then pushed', done: 'Pulled from the source, then pushed' },
};
const ACTION: Record<CopyReport['documents'][number]['action'], { planned: string; done: string }> = {
  create: { planned: 'Create', done: 'Created' },
  update: { planned: 'Update', done: 'Updated' },
  unchanged: { planned: 'Unchanged', done: 'Unchanged' },
};

interface ConsentProps {
  /** The documents holding secret values. */
  documents: CopyReport['documents'];
  /** Whether the copy waits on the consent. */
  blocked: boolean;
  fromName: string;
  targetName: string | undefined;
  consent: boolean;
  onConsent: (consent: boolean) => void;
  disabled: boolean;
}

/** Which documents hold secret values (named, never shown) and the consent to copy them. */
function SecretConsent({ documents, blocked, fromName, targetName, consent, onConsent, disabled }: ConsentProps) {
  return (
    <div className={`document-copy-consent ${blocked ? 'document-copy-consent-needed' : ''}`}>
      <p>
        {documents.map((document) => `${document.address} (${document.secret_fields.join(', ')})`).join('; ')} {documents.length === 1 ? 'holds' : 'hold'} secret values. They are never shown here:
        copying them means this app reads them from {fromName}, holds them in memory for the copy only, and sends them to {targetName ?? 'the target'}, nowhere else.
      </p>
      <label>
        <input type="checkbox" checked={consent} onChange={(event) => onConsent(event.target.checked)} disabled={disabled} /> Copy the secret values too
      </label>
    </div>
  );
}

/** What the copy would do, or did: each document's action, each schema's supply. */
function CopyPlan({ report, done, targetName }: { report: CopyReport; done: boolean; targetName: string | undefined }) {
  return (
    <section aria-label={done ? 'Copy result' : 'Copy preview'} className="document-copy-plan">
      {done && (
        <p role="status" className="document-copy-done">
          Copied to {targetName ?? report.to_url}: {report.counts.create} created, {report.counts.update} updated, {report.counts.unchanged} unchanged.
        </p>
      )}
      {!done && (
        <p className="muted">
          {report.counts.create} to create, {report.counts.update} to update, {report.counts.unchanged} unchanged; names kept, nested documents first.
        </p>
      )}
      <table className="table">
        <caption>Documents</caption>
        <thead>
          <tr>
            <th scope="col">Document</th>
            <th scope="col">On {targetName ?? 'the target'}</th>
            <th scope="col">What differs</th>
            <th scope="col">Secret fields</th>
          </tr>
        </thead>
        <tbody>
          {report.documents.map((document) => (
            <tr key={document.source_id}>
              <th scope="row">
                <code>{document.address}</code>
                {!document.requested && <span className="muted"> (referenced)</span>}
              </th>
              <td>{done ? ACTION[document.action].done : ACTION[document.action].planned}</td>
              <td>{document.changed_fields.join(', ')}</td>
              <td>{document.secret_fields.join(', ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table className="table">
        <caption>Block types and schemas</caption>
        <thead>
          <tr>
            <th scope="col">Type</th>
            <th scope="col">Schema</th>
            <th scope="col">How</th>
          </tr>
        </thead>
        <tbody>
          {report.schemas.map((schema) => (
            <tr key={`${schema.block_type_slug}:${schema.checksum}:${schema.version}`}>
              <th scope="row">
                <code>{schema.block_type_slug}</code>
              </th>
              <td>
                {schema.version} <code title={schema.checksum}>{shortChecksum(schema.checksum)}</code>
              </td>
              <td>{done ? SUPPLY[schema.action].done : SUPPLY[schema.action].planned}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Why nothing would be copied yet, Cancel (Close once done) and Copy. */
function CopyFooter({ blocked, done, ready, onClose, onCopy }: { blocked: boolean; done: boolean; ready: boolean; onClose: () => void; onCopy: () => void }) {
  return (
    <div className="modal-footer">
      <div className="modal-footer-note">{blocked && <p className="modal-blocked">Nothing is copied without the secret values: tick the box above, or cancel.</p>}</div>
      <div className="modal-actions">
        <button type="button" className="button" onClick={onClose}>
          {done ? 'Close' : 'Cancel'}
        </button>
        {!done && (
          <button type="button" className="button button-primary" disabled={!ready || blocked} onClick={onCopy}>
            Copy
          </button>
        )}
      </div>
    </div>
  );
}

export function CopyDialog({ from, ids, connections, onClose, onCopied }: Props) {
  const headingId = useId();
  const targets = connections.filter((connection) => connection.id !== from.id);
  const [to, setTo] = useState(targets[0]?.id ?? '');
  const [consent, setConsent] = useState(false);
  const [phase, setPhase] = useState<Phase>(to === '' ? { name: 'choosing' } : { name: 'previewing' });
  const target = connections.find((connection) => connection.id === to);

  // The documents by their ids' text: the same documents in a new array are no new preview.
  const idsKey = ids.join('\n');
  useEffect(() => {
    if (to === '' || idsKey === '') return;
    let live = true;
    setPhase({ name: 'previewing' });
    void callDocuments('previewCopy', { from: from.id, to, ids: idsKey.split('\n'), include_secrets: consent }).then((response) => {
      if (live) setPhase(response.ok ? { name: 'preview', report: response.value } : { name: 'error', error: response.error });
    });
    return () => {
      live = false;
    };
  }, [from.id, to, idsKey, consent]);

  async function copy() {
    setPhase({ name: 'copying' });
    const response = await callDocuments('copyDocuments', { from: from.id, to, ids: [...ids], include_secrets: consent });
    if (!response.ok) {
      setPhase({ name: 'error', error: response.error });
      return;
    }
    setPhase({ name: 'done', report: response.value });
    onCopied(response.value);
  }

  const report = phase.name === 'preview' || phase.name === 'done' ? phase.report : null;
  const secretDocuments = report?.documents.filter((document) => document.secret_fields.length > 0) ?? [];
  const blocked = report !== null && report.refusal !== null && !consent;
  return (
    <Modal labelledBy={headingId} onEscape={onClose} className="document-copy">
      <div className="modal-header">
        <h2 id={headingId}>
          Copy {ids.length === 1 ? 'a block document' : `${ids.length} block documents`} from {from.name}
        </h2>
      </div>
      <div className="modal-body">
        <label className="document-copy-target">
          To
          <select value={to} onChange={(event) => setTo(event.target.value)} disabled={phase.name === 'copying' || phase.name === 'done'}>
            {targets.length === 0 && <option value="">No other server: add a connection first</option>}
            {targets.map((connection) => (
              <option key={connection.id} value={connection.id}>
                {connection.name} ({connection.api_url})
              </option>
            ))}
          </select>
        </label>
        {phase.name === 'previewing' && (
          <p className="muted" role="status">
            Reading what the copy would do…
          </p>
        )}
        {phase.name === 'copying' && (
          <p className="muted" role="status">
            Copying…
          </p>
        )}
        {phase.name === 'error' && <ErrorAlert error={phase.error} title="Could not copy" />}
        {secretDocuments.length > 0 && phase.name !== 'done' && (
          <SecretConsent documents={secretDocuments} blocked={blocked} fromName={from.name} targetName={target?.name} consent={consent} onConsent={setConsent} disabled={phase.name === 'copying'} />
        )}
        {report !== null && <CopyPlan report={report} done={phase.name === 'done'} targetName={target?.name} />}
      </div>
      <CopyFooter blocked={blocked} done={phase.name === 'done'} ready={phase.name === 'preview'} onClose={onClose} onCopy={() => void copy()} />
    </Modal>
  );
}
