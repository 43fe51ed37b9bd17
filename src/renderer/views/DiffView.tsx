// Two schemas of a block type side by side: a line diff of their fields JSON, older on the left.
import { useMemo } from 'react';
import type { BlockSchemaDetail } from '../../shared/contract';
import { plural, shortChecksum } from '../lib/format';
import { href } from '../lib/routes';
import { sideBySide, type DiffCell } from '../lib/side-by-side';
import { useDocumentTitle } from '../lib/use-document-title';
import { Breadcrumb } from '../components/Breadcrumb';
import { CompareForm } from '../components/CompareForm';
import { ErrorAlert } from '../components/ErrorAlert';
import { Loading } from '../components/Loading';
import { useRegistryStore } from '../store/context';
import { useBlockSchema, useBlockType } from '../store/hooks';
import type { Resource } from '../store/details-slice';

/** "3 lines added, 1 removed". */
export function diffSummary(added: number, removed: number): string {
  return `${plural(added, 'line', 'lines')} added, ${removed.toLocaleString('en-US')} removed`;
}

function Cells({ cell }: { cell: DiffCell | null }) {
  if (cell === null) {
    return (
      <>
        <td className="diff-line-number diff-empty" />
        <td className="diff-text diff-empty" />
      </>
    );
  }
  return (
    <>
      <td className={`diff-line-number diff-${cell.kind}`}>{cell.line}</td>
      <td className={`diff-text diff-${cell.kind}`}>
        {cell.kind !== 'unchanged' && (
          <>
            <span className="diff-sign" aria-hidden="true">
              {cell.kind === 'added' ? '+' : '−'}
            </span>
            <span className="visually-hidden">{cell.kind === 'added' ? 'added: ' : 'removed: '}</span>
          </>
        )}
        <code>{cell.text}</code>
      </td>
    </>
  );
}

function versionLabel(detail: BlockSchemaDetail): string {
  return `Version ${detail.schema.version}`;
}

function DiffTable({ left, right }: { left: BlockSchemaDetail; right: BlockSchemaDetail }) {
  const diff = useMemo(() => sideBySide(left.fields_json, right.fields_json), [left.fields_json, right.fields_json]);
  const identical = diff.added === 0 && diff.removed === 0;
  return (
    <>
      <p className="diff-summary" aria-live="polite">
        <span className="diff-count diff-count-added">{diffSummary(diff.added, diff.removed)}</span>
        {identical && <strong className="diff-identical">Identical fields</strong>}
      </p>
      <div className="table-scroll diff-scroll">
        <table className="diff-table">
          <caption className="visually-hidden">{`Fields of ${versionLabel(left)} (left) and ${versionLabel(right)} (right)`}</caption>
          <colgroup>
            <col className="diff-col-number" />
            <col className="diff-col-text" />
            <col className="diff-col-number" />
            <col className="diff-col-text" />
          </colgroup>
          <thead>
            <tr>
              {[left, right].map((detail, index) => (
                <th key={index} scope="colgroup" colSpan={2}>
                  <span className="diff-side">{index === 0 ? 'Older' : 'Newer'}</span> {versionLabel(detail)}{' '}
                  <a href={href.schema(detail.schema.id)} className="diff-checksum">
                    <code title={detail.schema.checksum}>{shortChecksum(detail.schema.checksum)}</code>
                  </a>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {diff.rows.map((row, index) => (
              <tr key={index}>
                <Cells cell={row.left} />
                <Cells cell={row.right} />
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function firstError(...resources: Array<Resource<unknown>>) {
  for (const resource of resources) if (resource.status === 'error') return resource.error;
  return null;
}

interface Props {
  slug: string;
  left: string | null;
  right: string | null;
}

export function DiffView({ slug, left: leftId, right: rightId }: Props) {
  const store = useRegistryStore();
  const type = useBlockType(slug);
  const leftResource = useBlockSchema(leftId);
  const rightResource = useBlockSchema(rightId);
  const name = type.status === 'ready' ? type.value.entry.block_type.name : slug;
  useDocumentTitle(`Compare ${name}`);
  const chosen = leftId !== null && rightId !== null;
  const error = firstError(type, ...(chosen ? [leftResource, rightResource] : []));

  let pair: [BlockSchemaDetail, BlockSchemaDetail] | null = null;
  if (chosen && leftResource.status === 'ready' && rightResource.status === 'ready') {
    const a = leftResource.value;
    const b = rightResource.value;
    // Older on the left, whichever way round the route names them.
    pair = a.schema.created <= b.schema.created ? [a, b] : [b, a];
  }
  const wrongType = pair !== null && pair.some((detail) => detail.schema.block_type.slug !== slug);
  const retry = (): void => {
    const state = store.getState();
    void state.loadBlockType(slug, { force: true });
    if (leftId !== null) void state.loadSchema(leftId, { force: true });
    if (rightId !== null) void state.loadSchema(rightId, { force: true });
  };

  return (
    <>
      <Breadcrumb items={[{ label: 'Catalogue', href: href.catalogue() }, { label: name, href: href.blockType(slug) }, { label: 'Compare versions' }]} />
      <h1 tabIndex={-1}>{`Compare ${name} versions`}</h1>
      {error !== null && <ErrorAlert error={error} title="Could not load the versions to compare" onRetry={retry} />}
      {error === null && wrongType && (
        <ErrorAlert error={{ code: 'invalid_input', message: `These schemas do not both belong to the block type '${slug}'.`, issues: [] }} title="Cannot compare these versions" />
      )}
      {type.status === 'ready' && type.value.schemas.length >= 2 && <CompareForm key={`${leftId ?? ''}|${rightId ?? ''}`} slug={slug} schemas={type.value.schemas} left={leftId} right={rightId} />}
      {type.status === 'ready' && type.value.schemas.length < 2 && !chosen && <p className="muted">This block type has only one schema version: there is nothing to compare.</p>}
      {error === null && chosen && pair === null && <Loading label="Loading versions…" />}
      {error === null && pair !== null && !wrongType && <DiffTable left={pair[0]} right={pair[1]} />}
    </>
  );
}
