-- Gaps an analyst can defend, the method half (issue 14): a worker's word on coverage.
-- Coverage per category × local authority is derived from the sources (complete where a
-- complete register speaks, partial where only partial ones do: packages/geo coverage.ts);
-- a worker who knows better (a council's own list checked as complete, a register known to
-- miss a district) sets it here, with a reason. The row replaces what is derived for that
-- category and authority; parents read their children's values as overridden.
CREATE TABLE coverage_overrides (
  category_code text NOT NULL REFERENCES categories (code) ON DELETE CASCADE,
  lad_code      text NOT NULL REFERENCES local_authorities (code),
  completeness  text NOT NULL CHECK (completeness IN ('complete', 'partial', 'no_data')),
  reason        text NOT NULL CHECK (char_length(reason) BETWEEN 3 AND 1000),
  set_by        uuid,
  set_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (category_code, lad_code)
);

-- Every change, kept: what it was, what it became, who and why. No foreign keys, as in
-- audit_log: the history outlives the people and categories it names.
CREATE TABLE coverage_override_history (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  category_code text NOT NULL,
  lad_code      text NOT NULL,
  previous      text,
  completeness  text NOT NULL,
  reason        text NOT NULL,
  set_by        uuid,
  set_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX coverage_override_history_idx ON coverage_override_history (category_code, lad_code, set_at);

-- Gap answers are cached per data version (015): an override moves it.
CREATE TRIGGER coverage_overrides_bump_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON coverage_overrides
  FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump();

-- Which categories weigh E2SFCA by capacity (one capacity unit among their assets) is asked
-- by every request-time provision computation: an index over the few assets with a capacity.
CREATE INDEX assets_category_capacity_unit_idx ON assets (category_code, capacity_unit) WHERE capacity IS NOT NULL;
