-- Imports a worker can trust (issue 15): identifiers to match by, an owner for each field a
-- second source filled, and a record of what each import changed so it can be undone.

-- Codes in registers (an NHS ODS code, scheme GB-NHS; a charity number, GB-CHC) that a
-- file carried for an asset, beside assets.national_id which the data loader sets. Two
-- records with one code are one place, however far apart their pins: imports match on them.
CREATE TABLE asset_identifiers (
  asset_id uuid NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
  scheme   text NOT NULL CHECK (scheme ~ '^[A-Z0-9-]{2,40}$'),
  value    text NOT NULL CHECK (length(value) BETWEEN 1 AND 100),
  -- The source whose file gave it.
  source   text NOT NULL,
  PRIMARY KEY (asset_id, scheme, value)
);
CREATE INDEX asset_identifiers_code_idx ON asset_identifiers (scheme, value);

-- An import looks up, for each record, assets of the same name nearby: by this index, so that a
-- record in a city centre does not compare itself with every asset within 500 m.
CREATE INDEX assets_lower_name_idx ON assets (lower(btrim(name)));

-- Which source set a field of an asset, where that is not the asset's own source: a record
-- merged into another source's asset fills the fields it lacks and owns them from then on.
-- No row: the asset's source owns the field. Only the owner may change or clear a field,
-- so two sources importing in turn reach a fixed point instead of undoing each other.
CREATE TABLE asset_field_owners (
  asset_id uuid NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
  field    text NOT NULL,
  source   text NOT NULL,
  PRIMARY KEY (asset_id, field)
);

ALTER TABLE imports
  ADD COLUMN retired     integer NOT NULL DEFAULT 0 CHECK (retired >= 0),
  -- The data's own date (the file's), when the worker gave it; else the import day.
  ADD COLUMN source_date date,
  ADD COLUMN undone_at   timestamptz,
  ADD COLUMN undone_by   uuid;

-- What an applied import did to each asset, with what was there before, so that undo can
-- put it back in one transaction: the asset's fields, its field owners, this source's
-- provenance rows and the identifiers the import added. version_after: the asset's version
-- the import left; undo refuses when an asset was changed since (it would lose that change).
CREATE TABLE import_changes (
  import_id        uuid NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
  asset_id         uuid NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
  action           text NOT NULL CHECK (action IN ('added', 'updated', 'merged', 'retired')),
  before           jsonb,
  owners_before    jsonb NOT NULL DEFAULT '[]',
  sources_before   jsonb NOT NULL DEFAULT '[]',
  identifiers_added jsonb NOT NULL DEFAULT '[]',
  version_after    integer NOT NULL,
  PRIMARY KEY (import_id, asset_id)
);
CREATE INDEX import_changes_asset_idx ON import_changes (asset_id);

-- Postcodes win near the coast: a point just outside every (generalised) LSOA boundary, as
-- Looe's and Starcross's are, takes the LSOA of its postcode when that LSOA is within 1 km
-- of the point. The point stays where the file put it. Postcode pins keep migration 016's rule.
CREATE OR REPLACE FUNCTION assets_set_lsoa() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.lsoa_code := coalesce(
    (SELECT a.code FROM areas a WHERE ST_Intersects(a.geom, NEW.geom) ORDER BY a.code LIMIT 1),
    (SELECT p.lsoa_code FROM postcodes p
     WHERE NEW.location_precision = 'postcode' AND p.postcode = NEW.postcode AND ST_Equals(p.geom, NEW.geom)
       AND EXISTS (SELECT 1 FROM areas a WHERE a.code = p.lsoa_code)),
    (SELECT p.lsoa_code FROM postcodes p JOIN areas a ON a.code = p.lsoa_code
     WHERE p.postcode = NEW.postcode AND ST_DWithin(a.geom::geography, NEW.geom::geography, 1000)));
  RETURN NEW;
END $$;
