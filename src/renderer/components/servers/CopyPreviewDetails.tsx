// What a server copy's dry run says beyond a push's preview: each schema created on the target,
// already there (same checksum and version) or protected, under the source's checksum, and the
// schemas the source read back otherwise than their client sent, which the copy restores.
import { REPAIR_DESCRIPTIONS } from '../../../shared/read-back-repairs';
import type { CopyPreviewSchema, ServerCopyPreview } from '../../../shared/servers';
import { plural, shortChecksum } from '../../model/format';
import './CopyPreviewDetails.css';

const OUTCOME_TEXT: Record<CopyPreviewSchema['outcome'], string> = { created: 'created', present: 'already there', protected: 'protected (left alone)' };

function SchemaRows({ schemas }: { schemas: readonly CopyPreviewSchema[] }) {
  return (
    <table className="table servers-table" aria-label="Schemas on the target">
      <thead>
        <tr>
          <th scope="col">Block type</th>
          <th scope="col">Version</th>
          <th scope="col">Checksum</th>
          <th scope="col">On the target</th>
        </tr>
      </thead>
      <tbody>
        {schemas.map((schema) => (
          <tr key={`${schema.block_type_slug} ${schema.version} ${schema.checksum}`}>
            <td>
              <code>{schema.block_type_slug}</code>
            </td>
            <td>{schema.version}</td>
            <td>
              <code title={schema.checksum}>{shortChecksum(schema.checksum)}</code>
            </td>
            <td>
              {OUTCOME_TEXT[schema.outcome]}
              {schema.read_back_sent ? ' (sent as read back)' : ''}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function CopyPreviewDetails({ preview }: { preview: ServerCopyPreview }) {
  const created = preview.schemas.filter((schema) => schema.outcome === 'created').length;
  const present = preview.schemas.filter((schema) => schema.outcome === 'present').length;
  return (
    <div className="servers-copy-details">
      <p className="muted">
        From {preview.from_url} to {preview.api_url}: this registry is not touched; each schema keeps the source&apos;s checksum.
      </p>
      {preview.restored.length > 0 && (
        <section aria-label="Restored read-backs">
          <h3>Read-backs restored ({preview.restored.length})</h3>
          <ul className="servers-copy-restored">
            {preview.restored.map((schema) => (
              <li key={`${schema.block_type_slug} ${schema.version} ${schema.checksum}`}>
                <code>{schema.block_type_slug}</code> {schema.version} <code title={schema.checksum}>{shortChecksum(schema.checksum)}</code>: put back{' '}
                {schema.repairs.map((repair, index) => (
                  <span key={repair} title={repair}>
                    {index > 0 ? '; ' : ''}
                    {REPAIR_DESCRIPTIONS[repair]}
                  </span>
                ))}
              </li>
            ))}
          </ul>
        </section>
      )}
      <details className="servers-copy-schemas">
        <summary>
          Schemas: {created} to create, {present} already there{preview.schemas.length - created - present > 0 ? `, ${preview.schemas.length - created - present} protected` : ''} (
          {plural(preview.schemas.length, 'schema', 'schemas')})
        </summary>
        <SchemaRows schemas={preview.schemas} />
      </details>
    </div>
  );
}
