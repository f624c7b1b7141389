-- Indexes the import's candidate look-ups can use (issue 15).
--
-- 1. Drafts an import undo withdrew (review_state 'rejected') stay in the table, with their
--    history, and so stayed in the spatial index: every nearest-asset look-up near them stepped
--    over each one before reaching a live asset (an undone 50,000-record import in a dense area
--    made later checks there several times slower). The look-ups ask for
--    `review_state <> 'rejected'`, which this partial index's predicate matches, so the
--    planner walks only live assets.
CREATE INDEX assets_geom_bng_live_idx ON assets USING gist (geom_bng) WHERE review_state <> 'rejected';

-- (The same-name look-up keeps its plain index, assets_lower_name_idx: it reads the few assets
-- of one name and drops rejected ones from those. Made partial, the planner paired it with
-- the spatial index, reading every asset within 500 m of each record.)

-- 2. Register codes are compared whatever their case ("rq3 41" and "RQ3 41" are one code): the
--    look-up compares upper() values, which the plain column indexes could not serve (each
--    look-up read every coded asset). Expression indexes on the compared values.
DROP INDEX assets_national_id_idx;
CREATE INDEX assets_national_id_idx ON assets (upper(national_id_scheme), upper(national_id)) WHERE national_id IS NOT NULL;
DROP INDEX asset_identifiers_code_idx;
CREATE INDEX asset_identifiers_code_idx ON asset_identifiers (scheme, upper(value));
