-- Common Ground data model. Written for the older engine we support (PostgreSQL 15 /
-- PostGIS 3.3); the embedded PGlite is PostgreSQL 18 / PostGIS 3.6.

CREATE EXTENSION IF NOT EXISTS postgis;

-- Geography ---------------------------------------------------------------------------

CREATE TABLE regions (
  code text PRIMARY KEY,
  name text NOT NULL
);

CREATE TABLE local_authorities (
  code        text PRIMARY KEY,            -- LAD 2024 GSS code (E06/E07/E08/E09)
  name        text NOT NULL,
  region_code text REFERENCES regions (code)
);

CREATE TABLE wards (
  code     text PRIMARY KEY,               -- ward 2024 GSS code (E05)
  name     text NOT NULL,
  lad_code text NOT NULL REFERENCES local_authorities (code)
);

-- LSOA 2021 neighbourhoods (later: custom areas get their own table that points here).
CREATE TABLE areas (
  -- MVT feature ids must be unsigned integers, so areas carry a small numeric id too.
  id          integer GENERATED ALWAYS AS IDENTITY UNIQUE,
  code        text PRIMARY KEY CHECK (code ~ '^E01[0-9]{6}$'),
  name        text NOT NULL,
  lad_code    text NOT NULL REFERENCES local_authorities (code),
  -- ONS best-fit ward: LSOAs do not nest in wards.
  ward_code   text REFERENCES wards (code),
  population  integer,
  population_by_age jsonb,
  geom        geometry(MultiPolygon, 4326) NOT NULL,
  area_sq_km  double precision NOT NULL
);
CREATE INDEX areas_geom_idx ON areas USING gist (geom);
CREATE INDEX areas_lad_idx ON areas (lad_code);
CREATE INDEX areas_ward_idx ON areas (ward_code);

-- Web Mercator copies of area boundaries generalised per zoom band, so tiles neither
-- transform nor simplify 33,755 polygons per request. Derived from areas.geom.
CREATE TABLE area_tile_geoms (
  area_id integer NOT NULL REFERENCES areas (id) ON DELETE CASCADE,
  band    smallint NOT NULL,
  geom    geometry(MultiPolygon, 3857) NOT NULL,
  -- Area of the generalised shape in square Mercator metres: tiles skip shapes far
  -- smaller than a screen pixel at their zoom.
  merc_area double precision NOT NULL,
  PRIMARY KEY (band, area_id)
);
CREATE INDEX area_tile_geoms_band0_idx ON area_tile_geoms USING gist (geom) WHERE band = 0;
CREATE INDEX area_tile_geoms_band1_idx ON area_tile_geoms USING gist (geom) WHERE band = 1;
CREATE INDEX area_tile_geoms_band2_idx ON area_tile_geoms USING gist (geom) WHERE band = 2;

-- Need measures: one long table, so IMD, its domains and any measure loaded later are
-- used the same way.
CREATE TABLE need_measure_definitions (
  measure     text NOT NULL,
  vintage     text NOT NULL,
  label       text NOT NULL,
  description text NOT NULL DEFAULT '',
  direction   text NOT NULL CHECK (direction IN ('higher_is_more_need', 'lower_is_more_need')),
  source_code text,
  PRIMARY KEY (measure, vintage)
);

CREATE TABLE need_measures (
  area_code text NOT NULL REFERENCES areas (code) ON DELETE CASCADE,
  measure   text NOT NULL,
  vintage   text NOT NULL,
  score     double precision,
  rank      integer,          -- 1 = most in need (IoD: most deprived)
  decile    smallint CHECK (decile BETWEEN 1 AND 10),
  direction text NOT NULL CHECK (direction IN ('higher_is_more_need', 'lower_is_more_need')),
  PRIMARY KEY (area_code, measure, vintage),
  FOREIGN KEY (measure, vintage) REFERENCES need_measure_definitions (measure, vintage)
);
CREATE INDEX need_measures_measure_idx ON need_measures (measure, vintage, decile);

-- Offline postcode look-ups (ONS/OS open data).
CREATE TABLE postcodes (
  postcode  text PRIMARY KEY,              -- 'GL1 2TG'
  geom      geometry(Point, 4326) NOT NULL,
  lsoa_code text,
  lad_code  text,
  ward_code text
);
CREATE INDEX postcodes_geom_idx ON postcodes USING gist (geom);
CREATE INDEX postcodes_lsoa_idx ON postcodes (lsoa_code);

CREATE TABLE postcode_districts (
  outcode          text PRIMARY KEY,       -- 'GL1'
  geom             geometry(Point, 4326) NOT NULL,
  live_postcodes   integer,
  main_lad_code    text
);

CREATE TABLE postcode_sectors (
  sector           text PRIMARY KEY,       -- 'GL1 2'
  geom             geometry(Point, 4326) NOT NULL,
  live_postcodes   integer,
  main_lad_code    text
);

-- Taxonomy ---------------------------------------------------------------------------

CREATE TABLE categories (
  code        text PRIMARY KEY,
  parent_code text REFERENCES categories (code),
  name        text NOT NULL,
  description text NOT NULL DEFAULT '',
  abcd_type   text NOT NULL CHECK (abcd_type IN ('individual', 'association', 'institution', 'physical', 'economic', 'cultural')),
  colour      text NOT NULL,
  sort_order  integer NOT NULL DEFAULT 0
);
CREATE INDEX categories_parent_idx ON categories (parent_code);

-- Sources and provenance -----------------------------------------------------------

CREATE TABLE sources (
  code        text PRIMARY KEY,
  name        text NOT NULL,
  publisher   text NOT NULL,
  licence     text NOT NULL,
  attribution text NOT NULL,
  source_date date NOT NULL,
  url         text,
  -- Coverage: which places and categories the source speaks for, so analysis can tell
  -- "no data here" from "nothing here".
  covers_england boolean NOT NULL DEFAULT false,
  records     integer
);

CREATE TABLE source_coverage_areas (
  source_code text NOT NULL REFERENCES sources (code) ON DELETE CASCADE,
  lad_code    text NOT NULL REFERENCES local_authorities (code),
  PRIMARY KEY (source_code, lad_code)
);

CREATE TABLE source_coverage_categories (
  source_code   text NOT NULL REFERENCES sources (code) ON DELETE CASCADE,
  category_code text NOT NULL REFERENCES categories (code),
  PRIMARY KEY (source_code, category_code)
);

-- Assets ------------------------------------------------------------------------------

CREATE TABLE assets (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- MVT feature ids must be unsigned integers; the uuid travels as a property.
  num                bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  name               text NOT NULL CHECK (length(btrim(name)) > 0),
  description        text,
  category_code      text NOT NULL REFERENCES categories (code),
  abcd_type          text CHECK (abcd_type IN ('individual', 'association', 'institution', 'physical', 'economic', 'cultural')),
  organisation       text,
  tags               text[] NOT NULL DEFAULT '{}',
  geom               geometry(Point, 4326) NOT NULL,
  location_precision text NOT NULL CHECK (location_precision IN ('exact', 'postcode', 'approximate')),
  address            text,
  postcode           text,
  lsoa_code          text REFERENCES areas (code),   -- derived from geom by trigger
  phone              text,
  email              text,
  website            text,
  opening_hours      text,                            -- OpenStreetMap opening_hours syntax
  opening_hours_note text,
  wheelchair         text CHECK (wheelchair IN ('yes', 'limited', 'no')),
  accessibility_note text,
  is_free            boolean,
  cost_note          text,
  age_min            smallint,
  age_max            smallint,
  languages          text[] NOT NULL DEFAULT '{}',
  carers_welcome     boolean,
  volunteers_wanted  boolean,
  lifecycle_status   text NOT NULL DEFAULT 'active'
                     CHECK (lifecycle_status IN ('active', 'inactive', 'defunct', 'temporarily closed')),
  review_state       text NOT NULL DEFAULT 'pending'
                     CHECK (review_state IN ('pending', 'published', 'rejected', 'changes_requested')),
  sensitive          boolean NOT NULL DEFAULT false,
  version            integer NOT NULL DEFAULT 1,
  last_verified_at   timestamptz,
  -- Primary provenance; every contributing source is in asset_sources.
  source             text NOT NULL,
  source_id          text,
  source_date        date,
  licence            text NOT NULL,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  CHECK (age_min IS NULL OR age_max IS NULL OR age_min <= age_max)
);
CREATE INDEX assets_geom_idx ON assets USING gist (geom);
CREATE INDEX assets_category_idx ON assets (category_code);
CREATE INDEX assets_lsoa_idx ON assets (lsoa_code);

CREATE TABLE asset_sources (
  asset_id    uuid NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
  source      text NOT NULL,
  source_id   text NOT NULL,
  source_date date,
  licence     text NOT NULL,
  PRIMARY KEY (source, source_id)
);
CREATE INDEX asset_sources_asset_idx ON asset_sources (asset_id);

-- Keep each asset's LSOA in step with its point.
CREATE FUNCTION assets_set_lsoa() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.lsoa_code := (SELECT a.code FROM areas a WHERE ST_Intersects(a.geom, NEW.geom) ORDER BY a.code LIMIT 1);
  RETURN NEW;
END $$;
CREATE TRIGGER assets_set_lsoa_trg
  BEFORE INSERT OR UPDATE OF geom ON assets
  FOR EACH ROW EXECUTE FUNCTION assets_set_lsoa();

-- THE public face of assets. Every public read (tiles, search, pages, exports, gap
-- figures) selects from this view, so who may see what is decided here and only here.
CREATE VIEW public_assets AS
  SELECT a.*
  FROM assets a
  WHERE a.review_state = 'published'
    AND NOT a.sensitive;

-- IoD2025 deciles side by side per area, for map tiles and area look-ups.
-- Refreshed by the data loader after need measures change.
CREATE MATERIALIZED VIEW area_deprivation AS
  SELECT
    a.id,
    a.code,
    max(m.decile) FILTER (WHERE m.measure = 'imd')                  AS imd,
    max(m.decile) FILTER (WHERE m.measure = 'income')               AS income,
    max(m.decile) FILTER (WHERE m.measure = 'employment')           AS employment,
    max(m.decile) FILTER (WHERE m.measure = 'education')            AS education,
    max(m.decile) FILTER (WHERE m.measure = 'health')               AS health,
    max(m.decile) FILTER (WHERE m.measure = 'crime')                AS crime,
    max(m.decile) FILTER (WHERE m.measure = 'housing_and_services') AS housing_and_services,
    max(m.decile) FILTER (WHERE m.measure = 'environment')          AS environment
  FROM areas a
  LEFT JOIN need_measures m ON m.area_code = a.code AND m.vintage = 'IoD2025'
  GROUP BY a.id, a.code;
CREATE UNIQUE INDEX area_deprivation_id_idx ON area_deprivation (id);

-- Bookkeeping -------------------------------------------------------------------------

-- Which data files have been loaded, so re-running the loader skips what is current.
CREATE TABLE data_loads (
  dataset   text PRIMARY KEY,
  checksum  text NOT NULL,
  rows      integer NOT NULL,
  loaded_at timestamptz NOT NULL DEFAULT now()
);
