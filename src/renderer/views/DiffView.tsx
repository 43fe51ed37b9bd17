// Two schemas of a block type compared: what changed field by field, then a line diff of their
// fields JSON with unchanged stretches folded, older on the left.
import { useMemo } from 'react';
import type { BlockSchemaDetail } from '../../shared/contract';
import { parseJson } from '../../shared/json';
import { href } from '../model/routes';
import { breakingChanges, type BreakingChange } from '../../shared/schema-breaking';
import { summarizeSchemaDiff, type SchemaDiffSummary } from '../../shared/schema-diff';
import { useDocumentTitle } from '../hooks/use-document-title';
import { Breadcrumb } from '../components/Breadcrumb';
import { CompareForm } from '../components/CompareForm';
import { LineDiff } from '../components/LineDiff';
import { SchemaChangeSummary } from '../components/SchemaChangeSummary';
import { ErrorAlert } from '../components/ErrorAlert';
import { Loading } from '../components/Loading';
import { useRegistryStore } from '../store/context';
import { useBlockSchema, useBlockType } from '../store/hooks';
import type { Resource } from '../store/details-slice';

/** The parsed fields of each side, summarised field by field with what breaks (a summary is never worth a crash). */
function useSummary(left: BlockSchemaDetail, right: BlockSchemaDetail): { summary: SchemaDiffSummary; breaking: BreakingChange[] } | null {
  return useMemo(() => {
    try {
      const side = (detail: BlockSchemaDetail) => ({ fields: parseJson(detail.fields_json), capabilities: detail.schema.capabilities, version: detail.schema.version });
      const older = side(left);
      const newer = side(right);
      return { summary: summarizeSchemaDiff(older, newer), breaking: breakingChanges(older.fields, newer.fields) };
    } catch {
      return null;
    }
  }, [left, right]);
}

function Comparison({ left, right }: { left: BlockSchemaDetail; right: BlockSchemaDetail }) {
  const compared = useSummary(left, right);
  return (
    <>
      {compared !== null && <SchemaChangeSummary summary={compared.summary} breaking={compared.breaking} />}
      <LineDiff left={left} right={right} />
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
      {error === null && pair !== null && !wrongType && <Comparison left={pair[0]} right={pair[1]} />}
    </>
  );
}
