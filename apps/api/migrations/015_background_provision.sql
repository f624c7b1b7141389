-- Issue 13, "Keeps serving": queued asset changes are applied to the stored provision
-- figures by a background worker, never on the request path, and expensive gap answers are
-- cached in PostgreSQL (shared by every API instance) per settings and data version.

-- The moment up to which the stored figures are complete: every asset change committed
-- before it is in them. The worker sets it when it reaches the head of asset_change_queue
-- (read while no writer is part-way through adding to the queue, so no change committed
-- earlier can still appear below the head). Answers show it as `figuresAsOf`.
ALTER TABLE provision_state ADD COLUMN figures_as_of timestamptz;
UPDATE provision_state SET figures_as_of = updated_at;
ALTER TABLE provision_state ALTER COLUMN figures_as_of SET NOT NULL, ALTER COLUMN figures_as_of SET DEFAULT now();

-- A counter per table that a gap answer depends on, moved by every statement that writes
-- the table, however it was written (loader, API, import, SQL by hand). A cached answer is
-- keyed by these counters (with the provision watermark and the change queue's head), so it
-- can never outlive the data it was computed from. A statement trigger, as for tile_cache
-- (003), but counting rather than deleting: the cache is pruned by the worker, not by the
-- writer's transaction.
CREATE TABLE data_versions (
  name       text PRIMARY KEY,
  version    bigint NOT NULL,
  changed_at timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION data_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO data_versions AS d (name, version) VALUES (TG_TABLE_NAME, 1)
  ON CONFLICT (name) DO UPDATE SET version = d.version + 1, changed_at = now();
  RETURN NULL;
END $$;

-- What a ranking reads besides the assets: LSOAs (names, populations, wards, councils) and
-- the names of wards and councils; the category tree; which sources cover what; IoD and
-- loaded need measures; residence points; the stored figures themselves. (The full
-- recompute swaps provision_results for a new table and re-creates this trigger on it.)
CREATE TRIGGER areas_bump_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON areas
  FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump();
CREATE TRIGGER wards_bump_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON wards
  FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump();
CREATE TRIGGER local_authorities_bump_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON local_authorities
  FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump();
CREATE TRIGGER categories_bump_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON categories
  FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump();
CREATE TRIGGER sources_bump_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON sources
  FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump();
CREATE TRIGGER source_coverage_areas_bump_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON source_coverage_areas
  FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump();
CREATE TRIGGER source_coverage_categories_bump_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON source_coverage_categories
  FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump();
CREATE TRIGGER need_measures_bump_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON need_measures
  FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump();
CREATE TRIGGER custom_need_measures_bump_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON custom_need_measures
  FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump();
CREATE TRIGGER custom_need_measure_values_bump_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON custom_need_measure_values
  FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump();
CREATE TRIGGER area_residence_points_bump_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON area_residence_points
  FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump();
CREATE TRIGGER provision_results_bump_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON provision_results
  FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump();

-- Public gap answers (/api/gaps JSON and CSV, /api/gaps/layer), one row per route and
-- settings (`key`, a hash), holding the answer computed at data version `version`. A row
-- whose version is not the current one is never served; the worker deletes those and old
-- rows. Private answers (custom areas, workers-only need measures) are never stored.
CREATE TABLE gap_cache (
  key                 text PRIMARY KEY,
  version             text NOT NULL,
  etag                text NOT NULL,
  content_type        text NOT NULL,
  content_disposition text,
  body                bytea NOT NULL,
  -- Gzipped once when stored, so busy servers do not compress the same bytes per request.
  body_gzip           bytea NOT NULL,
  created_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX gap_cache_created_at_idx ON gap_cache (created_at);
