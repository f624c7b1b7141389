-- Gaps an analyst can defend, the last of the method (issue 14).
--
-- Per 1,000 is now a rate: assets within the band ÷ the residents whose residence points
-- are within the band (the catchment), × 1,000. It was ÷ the LSOA's own residents. The
-- stored figures hold the old ratio, so they are cleared with their watermark: the app
-- recomputes them in the background at start (PROVISION_ON_START), or
-- `pnpm provision:recompute` does; until then answers compute figures on request.
DELETE FROM provision_state;
TRUNCATE provision_results;

-- Edge censoring measures, in metres, from a residence point to the LSOAs outside the
-- territory where a category's coverage is complete: their boundaries in British National
-- Grid, derived once. The index holds the local authority too (btree_gist, 005), so "the
-- nearest LSOA of this authority" is one KNN (`<->`) walk among that authority's LSOAs only.
ALTER TABLE areas
  ADD COLUMN geom_bng geometry(MultiPolygon, 27700) GENERATED ALWAYS AS (ST_Transform(geom, 27700)) STORED;
CREATE INDEX areas_geom_bng_lad_idx ON areas USING gist (geom_bng, lad_code);
