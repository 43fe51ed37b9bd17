// What was put back in a schema a Prefect server read back otherwise than its client sent it
// (main's registry/read-back.ts finds them; docs/decisions/checksum-identity.md says why each
// happens). Pure: the command line names the repairs, the window says them in words.

export type Repair = 'reference-order' | 'lost-definitions' | 'other-definitions' | 'orphaned-definitions' | 'child-checksums' | 'root-definitions' | 'stale-definitions';

/** Each repair as one phrase: what the server's read-back changed, put back. */
export const REPAIR_DESCRIPTIONS: Readonly<Record<Repair, string>> = {
  'reference-order': "a union's blocks in the order its client sent them (the server reads them back in the order it created them)",
  'lost-definitions': 'block definitions no reference covers, which the server drops',
  'other-definitions': 'same-titled block definitions as its client sent them (the server rebuilds the one its merge puts last)',
  'orphaned-definitions': 'models only a dictionary field names, which the server does not store',
  'child-checksums': 'the nested schemas its client recorded (the server links others of the same type)',
  'root-definitions': "the parent's whole definitions this schema was first hashed with (the server created it from a parent's)",
  'stale-definitions': "an older copy of a nested block's definition, as its client sent it",
};
