-- Imports (issue 6, "Exchange"): a worker brings assets in from someone else's file (CSV,
-- GeoJSON, OpenStreetMap, Open Referral). Each applied import is one row here; a dry run
-- writes nothing, so it is not here either. An import that changed nothing (every record
-- unchanged, e.g. the same file again) writes no row: this table lists changes made.

CREATE TABLE imports (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- The source the file's records are kept under (sources.code); re-imports under the
  -- same code match records by their source id.
  source_code text NOT NULL REFERENCES sources (code),
  format      text NOT NULL CHECK (format IN ('csv', 'geojson', 'osm-xml', 'osm-geojson', 'hsds', 'oruk')),
  file_name   text NOT NULL,
  -- The file's bytes, hashed: the same file imported twice is recognisable.
  sha256      text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  -- No foreign key, as in audit_log: the record of an import outlives the worker.
  imported_by uuid,
  imported_at timestamptz NOT NULL DEFAULT now(),
  total       integer NOT NULL CHECK (total >= 0),
  added       integer NOT NULL CHECK (added >= 0),
  updated     integer NOT NULL CHECK (updated >= 0),
  merged      integer NOT NULL CHECK (merged >= 0),
  unchanged   integer NOT NULL CHECK (unchanged >= 0),
  rejected    integer NOT NULL CHECK (rejected >= 0)
);
CREATE INDEX imports_source_idx ON imports (source_code, imported_at);

-- Provenance per contributing record: when an import last wrote it and which import.
-- The data loader's rows keep both null.
ALTER TABLE asset_sources
  ADD COLUMN imported_at timestamptz,
  ADD COLUMN import_id uuid REFERENCES imports (id) ON DELETE SET NULL;
CREATE INDEX asset_sources_import_idx ON asset_sources (import_id) WHERE import_id IS NOT NULL;
