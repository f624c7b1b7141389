-- Provision metrics: how far people in each LSOA are from, and how well supplied with,
-- public assets of each category (gap analysis, issue 5).

-- Where an LSOA's residents live, in metres (British National Grid). No population-weighted
-- centroid file ships, so it is the mean position of the LSOA's live postcodes (residential
-- postcodes follow housing), averaged in BNG metres; an LSOA with no live postcode falls
-- back to its polygon's point-on-surface. Filled by the data loader after postcodes load.
CREATE TABLE area_residence_points (
  area_code text PRIMARY KEY REFERENCES areas (code) ON DELETE CASCADE,
  geom_bng  geometry(Point, 27700) NOT NULL,
  postcodes integer NOT NULL,             -- live postcodes averaged (0 for the fallback)
  method    text NOT NULL CHECK (method IN ('postcode_mean', 'point_on_surface'))
);
CREATE INDEX area_residence_points_geom_idx ON area_residence_points USING gist (geom_bng);

-- The figures for the default settings (bands 400/800/1600 m, E2SFCA catchment 1600 m with
-- Gaussian decay), per LSOA and category ('*' = every public asset). A category counts its
-- descendants. Kept current from asset_change_queue (see provision_state).
CREATE TABLE provision_results (
  area_code     text NOT NULL REFERENCES areas (code) ON DELETE CASCADE,
  category_code text NOT NULL,            -- a categories.code, or '*'
  count_400     integer NOT NULL,
  count_800     integer NOT NULL,
  count_1600    integer NOT NULL,
  nearest_m     double precision,         -- NULL: no public asset of the category anywhere
  per_1000_400  double precision,         -- NULL: the LSOA has no recorded population
  per_1000_800  double precision,
  per_1000_1600 double precision,
  e2sfca        double precision NOT NULL,
  computed_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (area_code, category_code)
);
-- Gap rankings read one category across all LSOAs.
CREATE INDEX provision_results_category_idx ON provision_results (category_code);

-- How far the stored figures have read asset_change_queue. One row, written by the first
-- full recompute (before that nothing is stored to keep current); the row lock also keeps
-- two catch-ups from working on the same changes at once.
CREATE TABLE provision_state (
  singleton      boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  last_change_id bigint NOT NULL,
  updated_at     timestamptz NOT NULL DEFAULT now()
);
