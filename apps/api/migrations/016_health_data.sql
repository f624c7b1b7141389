-- National health registers with capacity, population-weighted residence points and the
-- rural-urban class (issue 14, "Gaps an analyst can defend": the data half).

-- Capacity ----------------------------------------------------------------------------
-- How much an asset offers, as HSDS's service_capacity does: a number and a unit (a GP
-- practice's registered patients, a pharmacy's opening hours a week). NULL: not known;
-- 0: known to have none at the moment. The units are a fixed list (CAPACITY_UNITS in
-- packages/schema/src/capacity.ts) so that the assets of one category are measured alike.
ALTER TABLE assets
  ADD COLUMN capacity double precision
    CHECK (capacity >= 0 AND capacity <= 1000000),
  ADD COLUMN capacity_unit text
    CHECK (capacity_unit IN ('registered patients', 'opening hours per week', 'places', 'beds', 'people per week')),
  ADD CONSTRAINT assets_capacity_pair_check CHECK ((capacity IS NULL) = (capacity_unit IS NULL)),
  ADD CONSTRAINT assets_capacity_hours_check CHECK (capacity_unit <> 'opening hours per week' OR capacity <= 168),
  -- The asset's code in a national register (an NHS ODS code, scheme GB-NHS as org-id.guide
  -- lists it), so anyone can check the record against its source. Set by the data loader.
  ADD COLUMN national_id text,
  ADD COLUMN national_id_scheme text,
  ADD CONSTRAINT assets_national_id_pair_check CHECK ((national_id IS NULL) = (national_id_scheme IS NULL));
CREATE INDEX assets_national_id_idx ON assets (national_id_scheme, national_id) WHERE national_id IS NOT NULL;

-- The public view again, so it carries the new columns (a view fixes its columns when made).
CREATE OR REPLACE VIEW public_assets AS
  SELECT a.*
  FROM assets a
  WHERE a.review_state = 'published'
    AND NOT a.sensitive;

-- Completeness of coverage ---------------------------------------------------------------
-- Coverage says where and for what a source speaks; completeness says whether it lists
-- everything there (a national register of GP practices) or only what someone recorded (an
-- OpenStreetMap extract, a local directory). Only a complete source can show an absence:
-- "no GP practice within 1,600 m" means something from the NHS register and little from OSM.
-- Declared per source (sources.json; an imported file is partial) and kept on each coverage
-- row, where analysis joins a category to the sources that speak for it.
ALTER TABLE sources
  ADD COLUMN completeness text NOT NULL DEFAULT 'partial' CHECK (completeness IN ('complete', 'partial'));
ALTER TABLE source_coverage_categories
  ADD COLUMN completeness text NOT NULL DEFAULT 'partial' CHECK (completeness IN ('complete', 'partial'));

-- Residence points: ONS population-weighted centroids --------------------------------------
-- Each LSOA's residence point is now the ONS LSOA 2021 population-weighted centroid
-- (method 'pwc'), stored from the published easting and northing exactly. The postcode
-- mean and the point on the polygon stay as fallbacks for an LSOA the file lacks.
-- `postcodes` is the LSOA's live postcodes (what the postcode-level measure averages over).
ALTER TABLE area_residence_points DROP CONSTRAINT area_residence_points_method_check;
ALTER TABLE area_residence_points
  ADD CONSTRAINT area_residence_points_method_check CHECK (method IN ('pwc', 'postcode_mean', 'point_on_surface'));

-- Rural-urban classification ---------------------------------------------------------------
-- ONS Rural-Urban Classification 2021 of LSOAs: distances that are poor in a city are normal
-- in a village, so access is compared within a class. Six classes, each urban or rural.
CREATE TABLE rural_urban_classes (
  code        text PRIMARY KEY,            -- 'UN1', 'RSF1' …
  name        text NOT NULL,               -- 'Urban: Nearer to a major town or city'
  urban_rural text NOT NULL CHECK (urban_rural IN ('urban', 'rural'))
);
ALTER TABLE areas ADD COLUMN ruc21_code text REFERENCES rural_urban_classes (code);
CREATE INDEX areas_ruc21_idx ON areas (ruc21_code);

-- An asset's LSOA -----------------------------------------------------------------------------
-- A pin on a postcode's centre takes that postcode's LSOA from the ONS directory when the
-- centre falls outside every (super-generalised) LSOA boundary: 21 registered GP practices,
-- pharmacies, dentists and libraries on the coast sit 1–154 m outside the generalised
-- shapes of the LSOAs ONS puts their postcodes in. Other pins keep the boundary test.
CREATE OR REPLACE FUNCTION assets_set_lsoa() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.lsoa_code := coalesce(
    (SELECT a.code FROM areas a WHERE ST_Intersects(a.geom, NEW.geom) ORDER BY a.code LIMIT 1),
    (SELECT p.lsoa_code FROM postcodes p
     WHERE NEW.location_precision = 'postcode' AND p.postcode = NEW.postcode AND ST_Equals(p.geom, NEW.geom)
       AND EXISTS (SELECT 1 FROM areas a WHERE a.code = p.lsoa_code)));
  RETURN NEW;
END $$;
DROP TRIGGER assets_set_lsoa_trg ON assets;
CREATE TRIGGER assets_set_lsoa_trg
  BEFORE INSERT OR UPDATE OF geom, postcode, location_precision ON assets
  FOR EACH ROW EXECUTE FUNCTION assets_set_lsoa();
UPDATE assets SET geom = geom WHERE lsoa_code IS NULL AND location_precision = 'postcode';
